/** Status sync's messages in Vietnamese (spread into vi.ts): synced dossiers and refusals. */
export const syncVi = {
  'dossier.action.synced': 'Cập nhật từ hệ thống xử lý của cơ quan',
  'sync.externalStep': 'Xử lý tại hệ thống của cơ quan',
  'sync.mine.title': 'Hồ sơ nộp tại cơ quan',
  'sync.mine.hint':
    'Hồ sơ nộp trực tiếp, qua bưu chính hoặc xử lý tại hệ thống của cơ quan, theo số định danh của bạn.',
  'sync.mine.unverified':
    'Đăng nhập bằng tài khoản định danh điện tử để xem cả hồ sơ đã nộp trực tiếp tại cơ quan.',
  'sync.source': 'Thông tin do hệ thống xử lý hồ sơ của cơ quan cung cấp.',
  'sync.channel': 'Hình thức nộp',
  'sync.channel.1': 'Trực tiếp tại bộ phận một cửa',
  'sync.channel.2': 'Trực tuyến',
  'sync.channel.3': 'Qua dịch vụ bưu chính',
  'sync.receivedAt': 'Thời gian tiếp nhận',
  'sync.returnedAt': 'Thời gian trả kết quả',
  'sync.none': 'Chưa có',
  'sync.fees': 'Phí, lệ phí',
  'sync.fee.name': 'Khoản thu',
  'sync.fee.amount': 'Số tiền',
  'sync.fee.state': 'Tình trạng',
  'sync.fee.paid': 'Đã nộp',
  'sync.fee.unpaid': 'Chưa nộp',
  'sync.supplements': 'Yêu cầu bổ sung',
  'sync.supplement.line': 'Yêu cầu lúc {at}: ngày hẹn trả đổi từ {old} sang {new}.',
  'sync.results': 'Kết quả giải quyết',
  'sync.refused.malformed_item': 'Mục không đúng định dạng tại {field}.',
  'sync.refused.unknown_procedure': 'Không có thủ tục mã {procedureCode} trong danh mục.',
  'sync.refused.unknown_agency': 'Không có cơ quan mã {agencyCode}.',
  'sync.refused.agency_not_allowed': 'Hệ thống không được gửi hồ sơ của cơ quan {agencyCode}.',
  'sync.refused.incomplete_dossier':
    'Lần gửi đầu tiên của một hồ sơ phải có thủ tục, cơ quan, hình thức nộp, người nộp và thời gian tiếp nhận (còn thiếu: {fields}).',
  'sync.refused.unknown_result_file':
    'Tệp kết quả {sha256} chưa được tải lên; hãy tải tệp lên trước khi gửi sự kiện.',
  'errors.sync.tooManyItems': 'Mỗi lần gửi tối đa {max} mục; lần này có {count} mục.',
  'errors.sync.notABatch':
    'Nội dung phải là một mục, một mảng JSON các mục, hoặc NDJSON (mỗi dòng một mục).',
  'errors.sync.badNdjson': 'Dòng {line} của nội dung NDJSON không phải JSON hợp lệ.',
} as const;
