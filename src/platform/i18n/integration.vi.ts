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
} as const;
