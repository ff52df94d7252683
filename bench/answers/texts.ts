/**
 * Published answers for bench/answers: questions people ask about the catalog's real
 * procedures, in Vietnamese, and agencies' answers, varied enough that words are spread as in
 * life (the procedure's name, common words of every question, rarer details).
 */

export interface ProcedureForAnswers {
  code: string;
  name: string;
  field_code: string;
  agency_code: string;
}

export interface GeneratedAnswer {
  procedure: ProcedureForAnswers;
  title: string;
  question: string;
  answer: string;
  answeredAt: Date;
}

/** A seeded pseudo-random generator (mulberry32): the same data on every run. */
export function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = [
  'Hà Nội',
  'Thành phố Hồ Chí Minh',
  'Đà Nẵng',
  'Hải Phòng',
  'Cần Thơ',
  'Nghệ An',
  'Thanh Hóa',
  'Quảng Ninh',
  'Bình Dương',
  'Đồng Nai',
  'Lâm Đồng',
  'Huế',
];

const TITLES = [
  'Hỏi về thủ tục {name}',
  'Giấy tờ cần chuẩn bị khi {name}',
  'Lệ phí {name}',
  'Thời hạn giải quyết {name}',
  'Nộp hồ sơ {name} trực tuyến',
  'Chậm trả kết quả {name}',
  'Nơi nộp hồ sơ {name} tại {place}',
  'Kiến nghị đơn giản hóa thủ tục {name}',
];

const QUESTIONS = [
  'Xin hỏi thủ tục {name} cần những giấy tờ gì? Tôi có phải nộp bản chính hay chỉ cần bản sao có chứng thực?',
  'Tôi đã nộp hồ sơ {name} được {days} ngày nhưng chưa nhận được kết quả, đề nghị cơ quan kiểm tra và trả lời.',
  'Lệ phí {name} là bao nhiêu, nộp bằng chuyển khoản được không và có được miễn giảm cho người có công không?',
  'Tôi đang sinh sống tại {place}, có thể thực hiện {name} trực tuyến trên Cổng Dịch vụ công mà không phải đến cơ quan không?',
  'Thời hạn giải quyết {name} là bao lâu tính từ ngày nộp đủ hồ sơ? Ngày nghỉ lễ có được tính không?',
  'Tôi ở {place} nhưng hộ khẩu thường trú ở tỉnh khác, muốn {name} thì nộp hồ sơ tại cơ quan nào?',
  'Cán bộ tiếp nhận yêu cầu bổ sung giấy tờ {times} lần khi tôi làm thủ tục {name}, việc này có đúng quy định không?',
  'Thủ tục {name} hiện nay còn yêu cầu xác nhận của địa phương, đề nghị bỏ yêu cầu này vì đã có cơ sở dữ liệu quốc gia về dân cư.',
];

const ANSWERS = [
  'Theo quy định tại Nghị định số {decree}/20{year}/NĐ-CP, hồ sơ {name} gồm tờ khai theo mẫu và bản sao giấy tờ liên quan; cơ quan không yêu cầu nộp lại thông tin đã có trong cơ sở dữ liệu quốc gia.',
  'Thời hạn giải quyết {name} là {days} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, không tính ngày nghỉ lễ, tết. Trường hợp quá hạn, cơ quan phải có văn bản xin lỗi và hẹn lại ngày trả kết quả.',
  'Ông/bà có thể nộp hồ sơ {name} trực tuyến trên Cổng Dịch vụ công, thanh toán lệ phí trực tuyến và nhận kết quả qua dịch vụ bưu chính công ích.',
  'Lệ phí {name} được quy định tại Thông tư số {decree}/20{year}/TT-BTC; người có công với cách mạng và hộ nghèo được miễn lệ phí theo quy định.',
  'Cơ quan đã kiểm tra: hồ sơ {name} của ông/bà được tiếp nhận đúng hạn và đang chờ ý kiến của cơ quan phối hợp; kết quả sẽ được trả trong {days} ngày làm việc tới.',
  'Việc yêu cầu bổ sung hồ sơ {name} quá một lần là không đúng quy định; cơ quan đã chấn chỉnh cán bộ tiếp nhận và xin lỗi ông/bà.',
];

/** "Cấp đổi giấy phép lái xe" as it reads inside a sentence. */
const inSentence = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

/** `count` answers over the procedures, answered over the year before `until`. */
export function* generateAnswers(
  procedures: ProcedureForAnswers[],
  count: number,
  until: Date,
): Generator<GeneratedAnswer> {
  const next = random(20261202);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  for (let n = 0; n < count; n++) {
    // Some procedures are asked about far more than others (the most-used ones).
    const procedure = procedures[Math.floor(next() ** 2 * procedures.length)]!;
    const values = {
      name: inSentence(procedure.name),
      place: pick(PLACES),
      days: 3 + Math.floor(next() * 40),
      times: 2 + Math.floor(next() * 3),
      decree: 1 + Math.floor(next() * 180),
      year: 15 + Math.floor(next() * 11),
    };
    const title = fill(pick(TITLES), { ...values, name: values.name });
    yield {
      procedure,
      title: title.charAt(0).toUpperCase() + title.slice(1),
      question: fill(pick(QUESTIONS), values),
      answer: `${fill(pick(ANSWERS), values)}\n\n${fill(pick(ANSWERS), values)}`,
      answeredAt: new Date(until.getTime() - Math.floor(next() * 365 * 86_400_000)),
    };
  }
}
