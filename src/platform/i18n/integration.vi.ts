/** The integration hub's messages in Vietnamese (spread into vi.ts). */
export const integrationVi = {
  'errors.integration.invalidClient': 'Không xác thực được hệ thống kết nối.',
  'errors.integration.clientSuspended': 'Hệ thống kết nối này đang bị tạm dừng.',
  'errors.integration.assertionReplayed': 'Chứng thực (client assertion) này đã được dùng.',
  'errors.integration.invalidToken': 'Mã truy cập không hợp lệ hoặc đã hết hạn.',
  'errors.integration.insufficientScope': 'Mã truy cập không có quyền {scope}.',
  'errors.integration.addressNotAllowed': 'Hệ thống không được gọi từ địa chỉ này.',
  'errors.integration.invalidScope': 'Phạm vi quyền yêu cầu không hợp lệ.',
  'errors.integration.unsupportedGrant': 'Chỉ hỗ trợ grant_type=client_credentials.',
  'errors.integration.secretsNotAllowed':
    'Chỉ được cấp khóa bí mật (client secret) khi phát triển; hãy đăng ký khóa công khai.',
  'errors.integration.keyExists': 'Hệ thống đã có khóa {kid}.',
  'errors.integration.invalidKey':
    'Khóa phải là khóa công khai JWK (RSA, EC hoặc OKP) dùng để ký, không kèm phần bí mật.',
  'errors.integration.unknownAgency': 'Không có cơ quan mã {code}.',
  'errors.integration.badAddress': 'Địa chỉ {address} không phải địa chỉ IP hoặc dải CIDR.',
  // Dossier exchange and catalog pull (docs/integration.md).
  'errors.integration.agencyNotAllowed': 'Hệ thống này không được nhận hồ sơ của cơ quan {code}.',
  'errors.integration.receiveScopeMissing':
    'Hệ thống này không có quyền nhận hồ sơ (dossiers:receive), nên không thể xử lý hồ sơ của cơ quan {code}.',
  'errors.integration.agencyConnectedElsewhere':
    'Cơ quan {code} đang được xử lý trên một hệ thống kết nối khác; hãy bỏ đánh dấu ở hệ thống đó trước.',
  'errors.integration.agencyNotConnected':
    'Cơ quan này không được đánh dấu là xử lý trên hệ thống kết nối này.',
  'errors.integration.processedElsewhere':
    'Hồ sơ {code} được xử lý trên hệ thống kết nối “{system}”; bộ phận một cửa của cổng không xử lý hồ sơ này.',
  'errors.integration.deliveryNotFound':
    'Không có hồ sơ giao cho hệ thống này với mã giao nhận đó.',
  'errors.integration.notHandedOut':
    'Hồ sơ này chưa được giao cho hệ thống; hãy lấy hồ sơ (GET /api/v1/integration/deliveries) trước khi xác nhận.',
  'errors.integration.linkExpired':
    'Liên kết tải tệp đã hết hạn; hãy lấy lại hồ sơ để có liên kết mới.',
  'integration.agencies.title': 'Cơ quan xử lý hồ sơ trên hệ thống kết nối',
  'integration.agencies.systems': 'Hệ thống kết nối',
  'integration.agencies.lead':
    'Hồ sơ nộp trực tuyến cho một cơ quan được đánh dấu ở đây được giao cho hệ thống một cửa điện tử của cơ quan đó, không vào bộ phận một cửa của cổng. Bỏ đánh dấu thì các hồ sơ hệ thống chưa xác nhận đã nhận trở về bộ phận một cửa của cổng.',
  'integration.agencies.none':
    'Chưa có hệ thống kết nối nào được cấp quyền nhận hồ sơ (dossiers:receive).',
  'integration.agencies.noneConnected': 'Chưa có cơ quan nào được đánh dấu cho hệ thống này.',
  'integration.agencies.agency': 'Cơ quan',
  'integration.agencies.since': 'Xử lý trên hệ thống từ',
  'integration.agencies.actions': 'Thao tác',
  'integration.agencies.choose': 'Cơ quan được phép nhận hồ sơ',
  'integration.agencies.mark': 'Đánh dấu xử lý trên hệ thống này',
  'integration.agencies.unmark': 'Bỏ đánh dấu',
  'integration.agencies.unmarkLabel': 'Bỏ đánh dấu {agency}',
  'integration.agencies.allConnected':
    'Mọi cơ quan hệ thống này được phép nhận hồ sơ đều đã được đánh dấu.',
  'integration.agencies.suspended': 'Đang tạm dừng',
  'integration.agencies.marked': 'Đã đánh dấu {agency} là xử lý trên hệ thống “{system}”.',
  'integration.agencies.unmarked':
    'Đã bỏ đánh dấu {agency}; {recalled} hồ sơ hệ thống chưa xác nhận đã trở về bộ phận một cửa của cổng.',
  // Webhooks out: subscriptions' errors and the administrators' page (/admin/integration/webhooks).
  'errors.integration.webhookUrl':
    'Địa chỉ nhận webhook không hợp lệ (không được chứa tên đăng nhập, mật khẩu hay phần #).',
  'errors.integration.webhookHttps':
    'Địa chỉ nhận webhook phải dùng https (http chỉ dùng được với máy cục bộ khi phát triển).',
  'errors.integration.webhookAddress': 'Không được gửi webhook tới địa chỉ này.',
  'errors.integration.webhookState':
    'Không thể thực hiện thao tác này khi đăng ký webhook đang ở trạng thái {state}.',
  'errors.integration.tooManySubscriptions':
    'Mỗi hệ thống kết nối có tối đa {max} đăng ký webhook.',
  'integration.webhooks.title': 'Webhook gửi tới hệ thống kết nối',
  'integration.webhooks.lead':
    'Mọi lần gửi sự kiện tới hệ thống kết nối đều được ghi lại. Lần gửi thất bại được thử lại trong tối đa hai ngày; quản trị viên có thể gửi lại một thông điệp bất cứ lúc nào.',
  'integration.webhooks.subscriptions': 'Đăng ký nhận webhook',
  'integration.webhooks.noSubscriptions': 'Chưa có hệ thống nào đăng ký nhận webhook.',
  'integration.webhooks.attempts': 'Các lần gửi gần đây',
  'integration.webhooks.attemptsOf': 'Các lần gửi tới {url}',
  'integration.webhooks.allAttempts': 'Xem lần gửi của mọi đăng ký',
  'integration.webhooks.showAttempts': 'Xem các lần gửi',
  'integration.webhooks.noAttempts': 'Chưa có lần gửi nào.',
  'integration.webhooks.client': 'Hệ thống',
  'integration.webhooks.url': 'Địa chỉ nhận',
  'integration.webhooks.events': 'Sự kiện',
  'integration.webhooks.status': 'Trạng thái',
  'integration.webhooks.failures': 'Lỗi liên tiếp',
  'integration.webhooks.message': 'Thông điệp',
  'integration.webhooks.attempt': 'Lần',
  'integration.webhooks.at': 'Thời điểm',
  'integration.webhooks.result': 'Kết quả',
  'integration.webhooks.duration': 'Thời gian phản hồi',
  'integration.webhooks.next': 'Lần thử tiếp theo',
  'integration.webhooks.actions': 'Thao tác',
  'integration.webhooks.replay': 'Gửi lại',
  'integration.webhooks.replayLabel': 'Gửi lại thông điệp {message} tới {url}',
  'integration.webhooks.replayed':
    'Đã xếp lịch gửi lại thông điệp {message} tới {url} ngay bây giờ.',
  'integration.webhooks.milliseconds': '{ms} ms',
  'integration.webhooks.httpStatus': 'HTTP {status}',
  'integration.webhooks.state.pending': 'Chờ gửi',
  'integration.webhooks.state.sending': 'Đang gửi',
  'integration.webhooks.state.succeeded': 'Thành công',
  'integration.webhooks.state.failed': 'Thất bại, sẽ thử lại',
  'integration.webhooks.state.abandoned': 'Thất bại, ngừng thử',
  'integration.webhooks.state.cancelled': 'Đã hủy',
  'integration.webhooks.subscription.active': 'Đang hoạt động',
  'integration.webhooks.subscription.disabled': 'Đã tạm dừng',
  'integration.webhooks.subscription.deleted': 'Đã xóa',
  'integration.webhooks.reason.failing': 'do gửi thất bại liên tiếp',
  'integration.webhooks.reason.client': 'theo yêu cầu của hệ thống',
} as const;
