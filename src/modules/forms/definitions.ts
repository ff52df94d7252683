/**
 * The online forms of the seeded procedures, following the declaration forms their
 * decisions publish (e.g. the birth-registration form of Circular 04/2024/TT-BTP).
 * Stored in the database at seed time; administrators may add versions there.
 */
import type {
  AttachmentField,
  Field,
  FormDefinition,
  Option,
  ScalarField,
  Section,
  Text,
} from './definition.js';
import type { DocumentType } from './document-types.js';
import { DOCUMENT_TYPES } from './document-types.js';

const t = (vi: string, en: string): Text => ({ vi, en });
const options = (...pairs: [string, string, string][]): Option[] =>
  pairs.map(([value, vi, en]) => ({ value, label: t(vi, en) }));
const yesNo = options(['yes', 'Có', 'Yes'], ['no', 'Không', 'No']);

const attachment = (
  id: string,
  documentType: DocumentType,
  extra: Partial<AttachmentField> = {},
): AttachmentField => ({
  id,
  type: 'attachment',
  documentType,
  label: DOCUMENT_TYPES[documentType],
  ...extra,
});

/** The person filing, prefilled from their identity. */
const applicantSection = (extra: Field[] = []): Section => ({
  id: 'applicant',
  title: t('Người nộp hồ sơ', 'Applicant'),
  fields: [
    {
      id: 'applicantName',
      type: 'text',
      label: t('Họ, chữ đệm và tên', 'Full name'),
      required: true,
      prefill: 'name',
    },
    {
      id: 'applicantId',
      type: 'personalId',
      label: t('Số định danh cá nhân', 'Personal ID number'),
      required: true,
      prefill: 'personalId',
    },
    {
      id: 'applicantBirthDate',
      type: 'date',
      label: t('Ngày sinh', 'Date of birth'),
      required: true,
      notAfterToday: true,
      prefill: 'birthDate',
    },
    {
      id: 'applicantAddress',
      type: 'address',
      label: t('Nơi cư trú', 'Place of residence'),
      required: true,
      prefill: 'address',
    },
    {
      id: 'applicantPhone',
      type: 'phone',
      label: t('Số điện thoại', 'Phone number'),
      required: true,
      prefill: 'phone',
      hint: t(
        'Để cơ quan liên hệ khi cần bổ sung hồ sơ.',
        'So the agency can reach you if anything is missing.',
      ),
    },
    { id: 'applicantEmail', type: 'email', label: t('Thư điện tử', 'Email'), prefill: 'email' },
    ...extra,
  ],
});

/** A business filing, prefilled from the business the person acts for. */
const businessSection = (extra: Field[] = []): Section => ({
  id: 'business',
  title: t('Doanh nghiệp đề nghị', 'Applying business'),
  fields: [
    {
      id: 'enterpriseCode',
      type: 'enterpriseCode',
      label: t('Mã số doanh nghiệp', 'Enterprise code'),
      required: true,
      prefill: 'enterpriseCode',
    },
    {
      id: 'businessName',
      type: 'text',
      label: t('Tên doanh nghiệp', 'Business name'),
      required: true,
      prefill: 'businessName',
    },
    {
      id: 'contactName',
      type: 'text',
      label: t('Người liên hệ', 'Contact person'),
      required: true,
      prefill: 'name',
    },
    {
      id: 'contactPhone',
      type: 'phone',
      label: t('Số điện thoại liên hệ', 'Contact phone'),
      required: true,
      prefill: 'phone',
    },
    {
      id: 'contactEmail',
      type: 'email',
      label: t('Thư điện tử', 'Email'),
      required: true,
      prefill: 'email',
    },
    ...extra,
  ],
});

const declaration = (vi: string, en: string): Section => ({
  id: 'declaration',
  title: t('Cam đoan', 'Declaration'),
  fields: [
    {
      id: 'declaration',
      type: 'declaration',
      label: t('Lời cam đoan', 'Declaration'),
      text: t(vi, en),
    },
  ],
});
const TRUTHFUL = declaration(
  'Tôi cam đoan nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.',
  'I declare that the above is true and I am responsible before the law for this declaration.',
);

const copies = (vi: string, en: string, max = 10): Extract<ScalarField, { type: 'number' }> => ({
  id: 'copies',
  type: 'number',
  label: t(vi, en),
  min: 0,
  max,
  hint: t('Nhập 0 nếu không cần bản sao.', 'Enter 0 if you need no copy.'),
});

export const FORM_DEFINITIONS: FormDefinition[] = [
  {
    procedureCode: '1.001193',
    procedureVersion: 1,
    sections: [
      applicantSection([
        {
          id: 'relationship',
          type: 'choice',
          label: t('Quan hệ với người được khai sinh', 'Relationship to the child'),
          required: true,
          options: options(
            ['mother', 'Mẹ', 'Mother'],
            ['father', 'Cha', 'Father'],
            ['grandparent', 'Ông, bà', 'Grandparent'],
            ['other', 'Người thân thích khác', 'Other relative'],
          ),
        },
      ]),
      {
        id: 'child',
        title: t('Người được khai sinh', 'The child'),
        fields: [
          {
            id: 'childName',
            type: 'text',
            label: t('Họ, chữ đệm và tên', 'Full name'),
            required: true,
          },
          {
            id: 'childGender',
            type: 'choice',
            label: t('Giới tính', 'Sex'),
            required: true,
            options: options(['male', 'Nam', 'Male'], ['female', 'Nữ', 'Female']),
          },
          {
            id: 'childBirthDate',
            type: 'date',
            label: t('Ngày, tháng, năm sinh', 'Date of birth'),
            required: true,
            notAfterToday: true,
          },
          {
            id: 'birthPlaceKind',
            type: 'choice',
            display: 'radio',
            label: t('Nơi sinh', 'Place of birth'),
            required: true,
            options: options(
              ['facility', 'Cơ sở y tế', 'A health facility'],
              ['elsewhere', 'Ngoài cơ sở y tế', 'Elsewhere'],
            ),
          },
          {
            id: 'birthPlace',
            type: 'text',
            label: t(
              'Tên cơ sở y tế hoặc địa chỉ nơi sinh',
              'Name of the facility or address of birth',
            ),
            required: true,
          },
          {
            id: 'ethnicity',
            type: 'text',
            label: t('Dân tộc', 'Ethnicity'),
            required: true,
            maxLength: 50,
          },
          {
            id: 'nationality',
            type: 'text',
            label: t('Quốc tịch', 'Nationality'),
            required: true,
            maxLength: 50,
          },
        ],
      },
      {
        id: 'parents',
        title: t('Cha, mẹ', 'Parents'),
        fields: [
          {
            id: 'motherName',
            type: 'text',
            label: t('Họ, chữ đệm và tên người mẹ', "Mother's full name"),
            required: true,
          },
          {
            id: 'motherId',
            type: 'personalId',
            label: t('Số định danh cá nhân của người mẹ', "Mother's personal ID number"),
            required: true,
          },
          {
            id: 'fatherName',
            type: 'text',
            label: t('Họ, chữ đệm và tên người cha', "Father's full name"),
            hint: t(
              'Để trống nếu chưa xác định được cha.',
              'Leave empty if the father is not established.',
            ),
          },
          {
            id: 'fatherId',
            type: 'personalId',
            label: t('Số định danh cá nhân của người cha', "Father's personal ID number"),
            showWhen: { field: 'fatherName', filled: true },
            requiredWhen: { field: 'fatherName', filled: true },
          },
          {
            id: 'parentsMarried',
            type: 'choice',
            display: 'radio',
            label: t('Cha, mẹ đã đăng ký kết hôn?', 'Are the parents married?'),
            required: true,
            options: yesNo,
            showWhen: { field: 'fatherName', filled: true },
          },
        ],
      },
      {
        id: 'documents',
        title: t('Giấy tờ kèm theo', 'Documents'),
        fields: [
          attachment('birthCertificate', 'birth_certificate_medical', {
            requiredWhen: { field: 'birthPlaceKind', equals: 'facility' },
            showWhen: { field: 'birthPlaceKind', equals: 'facility' },
          }),
          attachment('witnessStatement', 'witness_statement', {
            requiredWhen: { field: 'birthPlaceKind', equals: 'elsewhere' },
            showWhen: { field: 'birthPlaceKind', equals: 'elsewhere' },
          }),
          attachment('marriageCertificate', 'marriage_certificate', {
            hint: t(
              'Không bắt buộc khi thông tin kết hôn đã có trong Cơ sở dữ liệu hộ tịch.',
              'Optional when the marriage is already in the civil-status database.',
            ),
            showWhen: {
              all: [
                { field: 'fatherName', filled: true },
                { field: 'parentsMarried', equals: 'yes' },
              ],
            },
          }),
          copies(
            'Số bản sao Trích lục khai sinh đề nghị cấp',
            'Copies of the birth extract requested',
          ),
        ],
      },
      TRUTHFUL,
    ],
  },
  {
    procedureCode: '2.000505',
    procedureVersion: 1,
    // The judicial record fee (Circular 244/2016/TT-BTC) is paid when the request is filed.
    feeAtSubmission: true,
    sections: [
      applicantSection(),
      {
        id: 'request',
        title: t('Nội dung yêu cầu', 'Request'),
        fields: [
          {
            id: 'recordType',
            type: 'choice',
            display: 'radio',
            label: t('Loại Phiếu lý lịch tư pháp', 'Type of certificate'),
            required: true,
            options: options(
              ['1', 'Phiếu số 1', 'Certificate no. 1'],
              ['2', 'Phiếu số 2', 'Certificate no. 2'],
            ),
          },
          {
            id: 'purpose',
            type: 'textarea',
            label: t('Mục đích sử dụng Phiếu', 'Purpose of the certificate'),
            required: true,
            maxLength: 500,
          },
          {
            id: 'includeBanned',
            type: 'checkbox',
            label: t(
              'Yêu cầu xác nhận về việc có bị cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp',
              'Include whether I am banned from holding office or managing a business',
            ),
            showWhen: { field: 'recordType', equals: '1' },
          },
          {
            id: 'residences',
            type: 'group',
            label: t('Quá trình cư trú từ đủ 14 tuổi', 'Places of residence since age 14'),
            itemLabel: t('Nơi cư trú', 'Residence'),
            required: true,
            minItems: 1,
            maxItems: 20,
            fields: [
              {
                id: 'from',
                type: 'text',
                label: t('Từ tháng, năm', 'From (month/year)'),
                required: true,
                maxLength: 7,
                hint: t('Ví dụ 09/2007', 'For example 09/2007'),
              },
              {
                id: 'to',
                type: 'text',
                label: t('Đến tháng, năm', 'To (month/year)'),
                required: true,
                maxLength: 7,
              },
              { id: 'place', type: 'text', label: t('Nơi cư trú', 'Place'), required: true },
            ],
          },
          copies('Số lượng Phiếu đề nghị cấp thêm', 'Extra certificates requested'),
        ],
      },
      {
        id: 'documents',
        title: t('Giấy tờ kèm theo', 'Documents'),
        fields: [
          attachment('residenceProof', 'residence_proof', {
            hint: t(
              'Không bắt buộc khi thông tin cư trú đã có trong Cơ sở dữ liệu quốc gia về dân cư.',
              'Optional when your residence is in the national population database.',
            ),
          }),
        ],
      },
      TRUTHFUL,
    ],
  },
  {
    procedureCode: '1.013124',
    procedureVersion: 1,
    sections: [
      applicantSection(),
      {
        id: 'licence',
        title: t('Giấy phép lái xe đề nghị đổi', 'Licence to renew'),
        fields: [
          {
            id: 'licenceNumber',
            type: 'text',
            label: t('Số giấy phép lái xe', 'Licence number'),
            required: true,
            maxLength: 12,
          },
          {
            id: 'licenceClass',
            type: 'choice',
            label: t('Hạng', 'Class'),
            required: true,
            options: options(
              ['A1', 'A1', 'A1'],
              ['A', 'A', 'A'],
              ['B1', 'B1', 'B1'],
              ['B', 'B', 'B'],
              ['C1', 'C1', 'C1'],
              ['C', 'C', 'C'],
              ['D1', 'D1', 'D1'],
              ['D2', 'D2', 'D2'],
              ['D', 'D', 'D'],
              ['BE', 'BE', 'BE'],
              ['CE', 'CE', 'CE'],
            ),
          },
          { id: 'issuedBy', type: 'text', label: t('Cơ quan cấp', 'Issued by'), required: true },
          {
            id: 'expiresOn',
            type: 'date',
            label: t('Ngày hết hạn', 'Expiry date'),
            hint: t(
              'Để trống nếu giấy phép không thời hạn.',
              'Leave empty if the licence does not expire.',
            ),
          },
          {
            id: 'reason',
            type: 'choice',
            display: 'radio',
            label: t('Lý do đổi', 'Reason'),
            required: true,
            options: options(
              ['expiring', 'Sắp hết hạn hoặc đã hết hạn', 'Expiring or expired'],
              ['damaged', 'Bị hỏng', 'Damaged'],
              ['changed', 'Thay đổi thông tin', 'Details changed'],
              ['foreign', 'Giấy phép lái xe nước ngoài', 'Foreign licence'],
            ),
          },
          {
            id: 'delivery',
            type: 'choice',
            display: 'radio',
            label: t('Hình thức nhận kết quả', 'How to receive the licence'),
            required: true,
            options: options(
              ['counter', 'Nhận trực tiếp', 'Collect in person'],
              ['post', 'Qua dịch vụ bưu chính', 'By post'],
            ),
          },
          {
            id: 'deliveryAddress',
            type: 'address',
            label: t('Địa chỉ nhận qua bưu chính', 'Postal address'),
            showWhen: { field: 'delivery', equals: 'post' },
            requiredWhen: { field: 'delivery', equals: 'post' },
          },
        ],
      },
      {
        id: 'documents',
        title: t('Giấy tờ kèm theo', 'Documents'),
        fields: [
          attachment('healthCertificate', 'health_certificate', { required: true }),
          attachment('portrait', 'portrait_photo', {
            required: true,
            maxFiles: 1,
            hint: t(
              'Ảnh chụp trên nền màu xanh, có thể chụp bằng điện thoại.',
              'A photo on a blue background; a phone photo is fine.',
            ),
          }),
          attachment('licenceScan', 'driving_licence', {
            requiredWhen: { field: 'reason', in: ['expiring', 'changed', 'foreign'] },
          }),
        ],
      },
      TRUTHFUL,
    ],
  },
  {
    procedureCode: '1.004222',
    procedureVersion: 1,
    sections: [
      applicantSection(),
      {
        id: 'residence',
        title: t('Nơi đăng ký thường trú', 'Where to register'),
        fields: [
          {
            id: 'newAddress',
            type: 'address',
            label: t('Địa chỉ đề nghị đăng ký thường trú', 'Address to register'),
            required: true,
          },
          {
            id: 'basis',
            type: 'choice',
            display: 'radio',
            label: t('Trường hợp đăng ký', 'Basis of registration'),
            required: true,
            options: options(
              ['owned', 'Chỗ ở hợp pháp thuộc quyền sở hữu của mình', 'Accommodation I own'],
              [
                'family',
                'Về ở với người thân (vợ, chồng, cha, mẹ, con)',
                'Joining a family member (spouse, parent, child)',
              ],
              ['rented', 'Thuê, mượn, ở nhờ', 'Rented or lent accommodation'],
            ),
          },
          {
            id: 'relationToHead',
            type: 'choice',
            label: t('Quan hệ với chủ hộ', 'Relationship to the household head'),
            options: options(
              ['spouse', 'Vợ/chồng', 'Spouse'],
              ['child', 'Con', 'Child'],
              ['parent', 'Cha/mẹ', 'Parent'],
            ),
            showWhen: { field: 'basis', equals: 'family' },
            requiredWhen: { field: 'basis', equals: 'family' },
          },
          {
            id: 'headName',
            type: 'text',
            label: t('Họ và tên chủ hộ', 'Name of the household head'),
            showWhen: { field: 'basis', in: ['family', 'rented'] },
            requiredWhen: { field: 'basis', in: ['family', 'rented'] },
          },
          {
            id: 'headId',
            type: 'personalId',
            label: t('Số định danh cá nhân của chủ hộ', "Household head's personal ID number"),
            showWhen: { field: 'basis', in: ['family', 'rented'] },
            requiredWhen: { field: 'basis', in: ['family', 'rented'] },
          },
          {
            id: 'members',
            type: 'group',
            label: t('Những người cùng đăng ký', 'People registering with you'),
            itemLabel: t('Người cùng đăng ký', 'Person'),
            maxItems: 10,
            fields: [
              { id: 'name', type: 'text', label: t('Họ và tên', 'Full name'), required: true },
              {
                id: 'personalId',
                type: 'personalId',
                label: t('Số định danh cá nhân', 'Personal ID number'),
                required: true,
              },
              {
                id: 'relation',
                type: 'text',
                label: t('Quan hệ với người nộp', 'Relationship to you'),
                required: true,
                maxLength: 50,
              },
            ],
          },
        ],
      },
      {
        id: 'documents',
        title: t('Giấy tờ kèm theo', 'Documents'),
        fields: [
          attachment('accommodationProof', 'legal_residence_proof', {
            requiredWhen: { field: 'basis', in: ['owned', 'rented'] },
            showWhen: { field: 'basis', in: ['owned', 'rented'] },
          }),
          attachment('relationshipProof', 'marriage_certificate', {
            requiredWhen: { field: 'relationToHead', equals: 'spouse' },
            showWhen: { field: 'relationToHead', equals: 'spouse' },
          }),
          attachment('headConsent', 'household_head_consent', {
            requiredWhen: { field: 'basis', in: ['family', 'rented'] },
            showWhen: { field: 'basis', in: ['family', 'rented'] },
          }),
        ],
      },
      TRUTHFUL,
    ],
  },
  {
    procedureCode: '2.001610',
    procedureVersion: 1,
    sections: [
      applicantSection(),
      {
        id: 'company',
        title: t('Công ty đề nghị thành lập', 'The company'),
        fields: [
          {
            id: 'companyName',
            type: 'text',
            label: t('Tên công ty bằng tiếng Việt', 'Company name in Vietnamese'),
            required: true,
            hint: t('Bắt đầu bằng "Công ty TNHH".', 'Starts with "Công ty TNHH".'),
          },
          {
            id: 'companyNameForeign',
            type: 'text',
            label: t('Tên công ty bằng tiếng nước ngoài', 'Company name in a foreign language'),
          },
          {
            id: 'headOffice',
            type: 'address',
            label: t('Địa chỉ trụ sở chính', 'Head office address'),
            required: true,
          },
          { id: 'companyPhone', type: 'phone', label: t('Điện thoại', 'Phone'), required: true },
          { id: 'companyEmail', type: 'email', label: t('Thư điện tử', 'Email') },
          {
            id: 'charterCapital',
            type: 'money',
            label: t('Vốn điều lệ (đồng)', 'Charter capital (VND)'),
            required: true,
            min: 1,
          },
          {
            id: 'businessLines',
            type: 'group',
            label: t('Ngành, nghề kinh doanh', 'Lines of business'),
            itemLabel: t('Ngành', 'Line'),
            required: true,
            minItems: 1,
            maxItems: 30,
            fields: [
              {
                id: 'code',
                type: 'text',
                label: t('Mã ngành (cấp 4)', 'Code (level 4)'),
                required: true,
                maxLength: 4,
              },
              { id: 'name', type: 'text', label: t('Tên ngành', 'Name'), required: true },
            ],
          },
          {
            id: 'ownerIsRepresentative',
            type: 'checkbox',
            label: t(
              'Chủ sở hữu đồng thời là người đại diện theo pháp luật',
              'The owner is also the legal representative',
            ),
          },
          {
            id: 'representativeName',
            type: 'text',
            label: t('Họ và tên người đại diện theo pháp luật', 'Legal representative'),
            showWhen: { field: 'ownerIsRepresentative', equals: false },
            requiredWhen: { field: 'ownerIsRepresentative', equals: false },
          },
          {
            id: 'representativeId',
            type: 'personalId',
            label: t(
              'Số định danh cá nhân của người đại diện',
              "Representative's personal ID number",
            ),
            showWhen: { field: 'ownerIsRepresentative', equals: false },
            requiredWhen: { field: 'ownerIsRepresentative', equals: false },
          },
        ],
      },
      {
        id: 'documents',
        title: t('Giấy tờ kèm theo', 'Documents'),
        fields: [attachment('charter', 'company_charter', { required: true, allowOffice: true })],
      },
      TRUTHFUL,
    ],
  },
  {
    procedureCode: '2.000053',
    procedureVersion: 1,
    sections: [
      businessSection(),
      {
        id: 'promotion',
        title: t('Chương trình khuyến mại', 'The promotion'),
        fields: [
          {
            id: 'programName',
            type: 'text',
            label: t('Tên chương trình khuyến mại', 'Name of the promotion'),
            required: true,
          },
          {
            id: 'startDate',
            type: 'date',
            label: t('Ngày bắt đầu', 'Start date'),
            required: true,
            notBeforeToday: true,
          },
          {
            id: 'endDate',
            type: 'date',
            label: t('Ngày kết thúc', 'End date'),
            required: true,
            notBeforeToday: true,
          },
          {
            id: 'area',
            type: 'text',
            label: t('Địa bàn thực hiện', 'Where it runs'),
            required: true,
          },
          {
            id: 'goods',
            type: 'textarea',
            label: t('Hàng hóa, dịch vụ được khuyến mại', 'Goods and services promoted'),
            required: true,
            maxLength: 1000,
          },
          {
            id: 'prizes',
            type: 'group',
            label: t('Cơ cấu giải thưởng', 'Prizes'),
            itemLabel: t('Giải', 'Prize'),
            required: true,
            minItems: 1,
            maxItems: 20,
            fields: [
              { id: 'name', type: 'text', label: t('Tên giải', 'Prize'), required: true },
              {
                id: 'value',
                type: 'money',
                label: t('Trị giá (đồng)', 'Value (VND)'),
                required: true,
                min: 1,
              },
              {
                id: 'quantity',
                type: 'number',
                label: t('Số giải', 'Number'),
                required: true,
                min: 1,
                max: 100000,
              },
            ],
          },
        ],
      },
      {
        id: 'documents',
        title: t('Giấy tờ kèm theo', 'Documents'),
        fields: [
          attachment('rules', 'promotion_rules', { required: true, allowOffice: true }),
          attachment('ticket', 'prize_sample'),
        ],
      },
      TRUTHFUL,
    ],
  },
  {
    procedureCode: '2.000035',
    procedureVersion: 1,
    sections: [
      businessSection(),
      {
        id: 'shipment',
        title: t('Lô hàng xuất khẩu', 'The shipment'),
        fields: [
          {
            id: 'coForm',
            type: 'choice',
            label: t('Mẫu C/O', 'C/O form'),
            required: true,
            options: options(
              ['D', 'Mẫu D (ASEAN)', 'Form D (ASEAN)'],
              ['E', 'Mẫu E (ASEAN – Trung Quốc)', 'Form E (ASEAN–China)'],
              ['AK', 'Mẫu AK (ASEAN – Hàn Quốc)', 'Form AK (ASEAN–Korea)'],
              ['CPTPP', 'Mẫu CPTPP', 'Form CPTPP'],
              ['EUR.1', 'Mẫu EUR.1 (EVFTA)', 'Form EUR.1 (EVFTA)'],
            ),
          },
          {
            id: 'importingCountry',
            type: 'text',
            label: t('Nước nhập khẩu', 'Importing country'),
            required: true,
          },
          {
            id: 'invoiceNumber',
            type: 'text',
            label: t('Số hóa đơn thương mại', 'Commercial invoice number'),
            required: true,
          },
          {
            id: 'invoiceDate',
            type: 'date',
            label: t('Ngày hóa đơn', 'Invoice date'),
            required: true,
            notAfterToday: true,
          },
          {
            id: 'goods',
            type: 'group',
            label: t('Hàng hóa', 'Goods'),
            itemLabel: t('Mặt hàng', 'Item'),
            required: true,
            minItems: 1,
            maxItems: 30,
            fields: [
              {
                id: 'description',
                type: 'text',
                label: t('Mô tả hàng hóa', 'Description'),
                required: true,
              },
              {
                id: 'hsCode',
                type: 'text',
                label: t('Mã HS', 'HS code'),
                required: true,
                maxLength: 10,
              },
              {
                id: 'quantity',
                type: 'number',
                label: t('Số lượng', 'Quantity'),
                required: true,
                min: 1,
              },
              {
                id: 'value',
                type: 'money',
                label: t('Trị giá FOB (đồng)', 'FOB value (VND)'),
                required: true,
                min: 1,
              },
            ],
          },
        ],
      },
      {
        id: 'documents',
        title: t('Giấy tờ kèm theo', 'Documents'),
        fields: [
          attachment('invoice', 'commercial_invoice', { required: true }),
          attachment('billOfLading', 'bill_of_lading', { required: true }),
          attachment('exportDeclaration', 'export_declaration', { required: true }),
        ],
      },
      TRUTHFUL,
    ],
  },
  {
    procedureCode: '1.009994',
    procedureVersion: 1,
    sections: [
      applicantSection(),
      {
        id: 'works',
        title: t('Công trình đề nghị cấp phép', 'The building'),
        fields: [
          {
            id: 'siteAddress',
            type: 'address',
            label: t('Địa điểm xây dựng', 'Site address'),
            required: true,
          },
          {
            id: 'plotNumber',
            type: 'text',
            label: t('Thửa đất số, tờ bản đồ số', 'Plot and map sheet numbers'),
            required: true,
          },
          {
            id: 'landCertificateNumber',
            type: 'text',
            label: t('Số Giấy chứng nhận quyền sử dụng đất', 'Land use certificate number'),
            required: true,
          },
          {
            id: 'plotArea',
            type: 'number',
            label: t('Diện tích thửa đất (m²)', 'Plot area (m²)'),
            required: true,
            min: 1,
            max: 100000,
          },
          {
            id: 'buildingArea',
            type: 'number',
            label: t('Diện tích xây dựng tầng 1 (m²)', 'Ground-floor area (m²)'),
            required: true,
            min: 1,
            max: 100000,
          },
          {
            id: 'floors',
            type: 'number',
            label: t('Số tầng', 'Floors'),
            required: true,
            min: 1,
            max: 50,
          },
          {
            id: 'height',
            type: 'number',
            label: t('Chiều cao công trình (m)', 'Height (m)'),
            required: true,
            min: 1,
            max: 200,
          },
          { id: 'designer', type: 'text', label: t('Đơn vị hoặc người thiết kế', 'Designer') },
        ],
      },
      {
        id: 'documents',
        title: t('Giấy tờ kèm theo', 'Documents'),
        fields: [
          attachment('landCertificate', 'land_use_certificate', { required: true }),
          attachment('drawings', 'design_drawings', {
            required: true,
            allowOffice: true,
            maxFiles: 10,
          }),
        ],
      },
      TRUTHFUL,
    ],
  },
  {
    procedureCode: '2.001009',
    procedureVersion: 1,
    sections: [
      applicantSection(),
      {
        id: 'copy',
        title: t('Giấy tờ cần chứng thực', 'Document to certify'),
        fields: [
          {
            id: 'documentName',
            type: 'text',
            label: t('Tên giấy tờ', 'Name of the document'),
            required: true,
          },
          {
            id: 'documentIssuer',
            type: 'text',
            label: t('Cơ quan cấp', 'Issued by'),
            required: true,
          },
          {
            id: 'documentDate',
            type: 'date',
            label: t('Ngày cấp', 'Date of issue'),
            required: true,
            notAfterToday: true,
          },
          {
            ...copies('Số bản sao điện tử đề nghị chứng thực', 'Electronic copies requested', 20),
            required: true,
            min: 1,
          },
          attachment('original', 'original_document', { required: true, maxFiles: 1 }),
        ],
      },
      TRUTHFUL,
    ],
  },
  {
    procedureCode: '1.007522',
    procedureVersion: 1,
    sections: [
      applicantSection(),
      {
        id: 'vehicle',
        title: t('Tài sản khai lệ phí trước bạ', 'The vehicle'),
        fields: [
          {
            id: 'vehicleType',
            type: 'choice',
            display: 'radio',
            label: t('Loại xe', 'Vehicle type'),
            required: true,
            options: options(['car', 'Ô tô', 'Car'], ['motorbike', 'Xe máy', 'Motorbike']),
          },
          {
            id: 'brand',
            type: 'text',
            label: t('Nhãn hiệu', 'Make'),
            required: true,
            maxLength: 50,
          },
          {
            id: 'model',
            type: 'text',
            label: t('Số loại', 'Model'),
            required: true,
            maxLength: 50,
          },
          {
            id: 'chassisNumber',
            type: 'text',
            label: t('Số khung', 'Chassis number'),
            required: true,
            maxLength: 30,
          },
          {
            id: 'engineNumber',
            type: 'text',
            label: t('Số máy', 'Engine number'),
            required: true,
            maxLength: 30,
          },
          {
            id: 'seats',
            type: 'number',
            label: t('Số chỗ ngồi', 'Seats'),
            showWhen: { field: 'vehicleType', equals: 'car' },
            requiredWhen: { field: 'vehicleType', equals: 'car' },
            min: 1,
            max: 100,
          },
          {
            id: 'price',
            type: 'money',
            label: t('Giá trị tài sản theo hóa đơn (đồng)', 'Price on the invoice (VND)'),
            required: true,
            min: 1,
          },
          {
            id: 'invoiceDate',
            type: 'date',
            label: t('Ngày hóa đơn', 'Invoice date'),
            required: true,
            notAfterToday: true,
          },
        ],
      },
      {
        id: 'documents',
        title: t('Giấy tờ kèm theo', 'Documents'),
        fields: [
          attachment('vehicleInvoice', 'vehicle_invoice', { required: true }),
          attachment('vehicleOrigin', 'vehicle_origin', { required: true }),
        ],
      },
      TRUTHFUL,
    ],
  },
];
