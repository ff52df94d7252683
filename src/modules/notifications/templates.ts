import type { Locale } from '../../platform/i18n/index.js';

/**
 * Message templates, in Vietnamese and English, with {placeholders}. Every message the
 * portal sends is one of these: the rest of the portal names a template and its values.
 */
const TEMPLATES = {
  one_time_code: {
    vi: {
      subject: 'Mã xác thực Một Cửa: {code}',
      body: 'Mã xác thực của bạn là {code}. Mã có hiệu lực trong {minutes} phút. Không cung cấp mã này cho bất kỳ ai.',
    },
    en: {
      subject: 'Một Cửa verification code: {code}',
      body: 'Your verification code is {code}. It is valid for {minutes} minutes. Never share it with anyone.',
    },
  },
  inactivity_warning: {
    vi: {
      subject: 'Tài khoản Một Cửa của bạn sắp bị khóa',
      body: 'Xin chào {name}, tài khoản của bạn đã không được sử dụng trong 2 năm và sẽ bị khóa sau {weeks} tuần nếu bạn không đăng nhập. Hãy đăng nhập để tiếp tục sử dụng.',
    },
    en: {
      subject: 'Your Một Cửa account will be locked soon',
      body: 'Hello {name}, your account has not been used for 2 years and will be locked in {weeks} weeks unless you sign in. Sign in to keep using it.',
    },
  },
  // Sent to the address being replaced: a stolen session must not move sign-in codes quietly.
  contact_changed: {
    vi: {
      subject: 'Thông tin liên hệ tài khoản Một Cửa đã thay đổi',
      body: 'Xin chào {name}, {what} của tài khoản Một Cửa vừa được đổi lúc {at}. Từ nay thông báo và mã xác thực không gửi về địa chỉ này nữa. Nếu không phải bạn đổi, hãy liên hệ ngay bộ phận hỗ trợ của cổng và cơ quan quản lý tài khoản.',
    },
    en: {
      subject: 'Your Một Cửa contact details were changed',
      body: 'Hello {name}, the {what} of your Một Cửa account was changed at {at}. Messages and verification codes no longer come to this address. If you did not make this change, contact the portal support and the office that manages your account at once.',
    },
  },
  welcome: {
    vi: {
      subject: 'Chào mừng {name} đến với Cổng Dịch vụ công Một Cửa',
      body: 'Xin chào {name}, tài khoản của bạn đã sẵn sàng. Bạn có thể tra cứu thủ tục và nộp hồ sơ trực tuyến.',
    },
    en: {
      subject: 'Welcome to the Một Cửa portal, {name}',
      body: 'Hello {name}, your account is ready. You can look up procedures and file dossiers online.',
    },
  },
  // Filed online: the agency has yet to receive it (status 1); receiving is its own message.
  dossier_submitted: {
    vi: {
      subject: 'Đã nộp hồ sơ {code}',
      body: 'Hồ sơ {code} ({procedure}) đã được nộp tới {agency} lúc {submittedAt} và đang chờ cơ quan tiếp nhận. Ngày hẹn trả kết quả: {dueAt}. Tra cứu: {url}',
    },
    en: {
      subject: 'Dossier {code} submitted',
      body: 'Dossier {code} ({procedure}) was filed with {agency} at {submittedAt} and is waiting to be received. Result due: {dueAt}. Track it: {url}',
    },
  },
  // Handed in at the counter or by post: received there and then (status 2).
  dossier_received: {
    vi: {
      subject: 'Đã tiếp nhận hồ sơ {code}',
      body: 'Hồ sơ {code} ({procedure}) đã được {agency} tiếp nhận lúc {submittedAt}. Ngày hẹn trả kết quả: {dueAt}. Tra cứu: {url}',
    },
    en: {
      subject: 'Dossier {code} received',
      body: 'Dossier {code} ({procedure}) was received by {agency} at {submittedAt}. Result due: {dueAt}. Track it: {url}',
    },
  },
  dossier_status_changed: {
    vi: {
      subject: 'Hồ sơ {code}: {status}',
      body: 'Hồ sơ {code} ({procedure}) chuyển sang trạng thái "{status}" lúc {at}. {note}',
    },
    en: {
      subject: 'Dossier {code}: {status}',
      body: 'Dossier {code} ({procedure}) is now "{status}" as of {at}. {note}',
    },
  },
  dossier_apology: {
    vi: {
      subject: 'Xin lỗi về việc chậm trả kết quả hồ sơ {code}',
      body: 'Cơ quan xin lỗi vì hồ sơ {code} ({procedure}) chưa có kết quả đúng hẹn. Lý do: {reason}. Ngày hẹn trả kết quả mới: {dueAt}.',
    },
    en: {
      subject: 'Apologies: dossier {code} is late',
      body: 'The agency apologises that dossier {code} ({procedure}) was not ready on time. Reason: {reason}. New date for the result: {dueAt}.',
    },
  },
  dossier_withdrawn: {
    vi: {
      subject: 'Đã rút hồ sơ {code}',
      body: 'Hồ sơ {code} ({procedure}) đã được rút theo yêu cầu của bạn lúc {at}.',
    },
    en: {
      subject: 'Dossier {code} withdrawn',
      body: 'Dossier {code} ({procedure}) was withdrawn at your request at {at}.',
    },
  },
  // The result was returned: the ratings module asks the applicant how it went.
  rating_invitation: {
    vi: {
      subject: 'Mời đánh giá việc giải quyết hồ sơ {code}',
      body: 'Hồ sơ {code} ({procedure}) đã được trả kết quả. Mời bạn đánh giá mức độ hài lòng (đúng hẹn, số lần đi lại, thái độ cán bộ, phí đúng quy định) trước ngày {until}: {url}',
    },
    en: {
      subject: 'How did it go? Rate the handling of dossier {code}',
      body: 'The result of dossier {code} ({procedure}) was returned. Please rate how it was handled (on time, visits, officers’ conduct, fees as announced) by {until}: {url}',
    },
  },
  // To a connected system's contact: its webhook endpoint failed too often and was disabled.
  webhook_endpoint_disabled: {
    vi: {
      subject: 'Đã tạm dừng gửi webhook tới {url}',
      body: 'Xin chào {name}, Cổng Dịch vụ công Một Cửa đã tạm dừng gửi webhook của hệ thống "{client}" tới {url} lúc {at}, sau {failures} lần gửi liên tiếp không thành công (lần cuối: {error}). Sự kiện mới không được gửi tới địa chỉ này cho tới khi đăng ký được bật lại: POST /api/v1/integration/webhooks/subscriptions/{id}/enable. Các lần gửi đều xem được tại GET /api/v1/integration/webhooks/subscriptions/{id}/attempts.',
    },
    en: {
      subject: 'Webhooks to {url} are disabled',
      body: 'Hello {name}, the Một Cửa portal has stopped sending the webhooks of "{client}" to {url} as of {at}, after {failures} failed attempts in a row (the last: {error}). New events are not sent to this endpoint until the subscription is enabled again: POST /api/v1/integration/webhooks/subscriptions/{id}/enable. Every attempt is listed at GET /api/v1/integration/webhooks/subscriptions/{id}/attempts.',
    },
  },
  // To the sender of feedback: its acknowledgement, and each step of its handling after.
  feedback_received: {
    vi: {
      subject: 'Đã tiếp nhận phản ánh, kiến nghị {code}',
      body: 'Phản ánh, kiến nghị "{title}" của bạn đã được chuyển tới {agency} với mã {code}. Bạn theo dõi quá trình xử lý tại {url}.',
    },
    en: {
      subject: 'Feedback {code} received',
      body: 'Your feedback "{title}" has been sent to {agency} under the code {code}. Follow its handling at {url}.',
    },
  },
  feedback_changed: {
    vi: {
      subject: 'Phản ánh, kiến nghị {code}: {status}',
      body: 'Phản ánh, kiến nghị "{title}" ({code}) của bạn: {status} — {agency}. {note} Xem chi tiết tại {url}.',
    },
    en: {
      subject: 'Feedback {code}: {status}',
      body: 'Your feedback "{title}" ({code}): {status} — {agency}. {note} See it at {url}.',
    },
  },
  // To an agency's leaders: an item went past its deadline unhandled.
  feedback_overdue: {
    vi: {
      subject: 'Phản ánh, kiến nghị {code} đã quá hạn xử lý',
      body: 'Phản ánh, kiến nghị "{title}" ({code}) tại {agency} đã quá hạn ({deadline} {due}). Xử lý tại {url}.',
    },
    en: {
      subject: 'Feedback {code} is overdue',
      body: 'Feedback "{title}" ({code}) at {agency} is overdue ({deadline} {due}). Handle it at {url}.',
    },
  },
  // To whoever sent the help desk's contact form: support answered (the answer is in it).
  help_ticket_answered: {
    vi: {
      subject: 'Tổng đài hỗ trợ đã trả lời yêu cầu {code}',
      body: 'Yêu cầu hỗ trợ "{subject}" ({code}) đã được trả lời: {answer}',
    },
    en: {
      subject: 'The help desk answered request {code}',
      body: 'Your help request "{subject}" ({code}) was answered: {answer}',
    },
  },
} as const satisfies Record<string, Record<Locale, { subject: string; body: string }>>;

export type TemplateName = keyof typeof TEMPLATES;

/** Fills a template; a placeholder without a value is an error, never sent half-filled. */
export function renderTemplate(
  name: TemplateName,
  locale: Locale,
  values: Record<string, string | number>,
): { subject: string; body: string } {
  const template = TEMPLATES[name][locale];
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_whole, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`template ${name}: no value for {${key}}`);
      return String(value);
    });
  return { subject: fill(template.subject), body: fill(template.body) };
}

/** The next try after `attempts` failures: 1, 2, 4, 8 … minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

export const MAX_ATTEMPTS = 6;
