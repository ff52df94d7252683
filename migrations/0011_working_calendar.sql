-- The working calendar: Monday to Friday are working days, except the days listed here.
-- A 'holiday' is a weekday off (public holiday, compensatory day, or a day swapped away);
-- a 'working' day is a Saturday or Sunday worked in exchange. Administrators add each
-- year's days from the Government's notice; 2025–2027 are seeded below.
CREATE TABLE calendar_days (
  day        date PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('holiday', 'working')),
  name       text NOT NULL,
  name_en    text NOT NULL,
  -- The legal basis: Labour Code 2019 art. 112 and the yearly notice on swapped days.
  basis      text NOT NULL
);

-- Office hours of state agencies (Decision 188/1999/QĐ-TTg: 8 hours a day), in Vietnam time.
CREATE TABLE working_hours (
  period     smallint PRIMARY KEY,
  starts_at  time NOT NULL,
  ends_at    time NOT NULL CHECK (ends_at > starts_at)
);
INSERT INTO working_hours VALUES (1, '07:30', '11:30'), (2, '13:00', '17:00');

INSERT INTO calendar_days (day, kind, name, name_en, basis) VALUES
  ('2025-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2025-01-27', 'holiday', 'Nghỉ Tết Nguyên đán (hoán đổi, làm bù thứ Bảy 15/02/2025)', 'Lunar New Year (swapped with Saturday 15/02/2025)', 'Công văn 6150/LĐTBXH-CVL ngày 22/11/2024'),
  ('2025-01-28', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112; Công văn 6150/LĐTBXH-CVL'),
  ('2025-01-29', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112; Công văn 6150/LĐTBXH-CVL'),
  ('2025-01-30', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112; Công văn 6150/LĐTBXH-CVL'),
  ('2025-01-31', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112; Công văn 6150/LĐTBXH-CVL'),
  ('2025-02-15', 'working', 'Làm bù cho ngày 27/01/2025', 'Worked in exchange for 27/01/2025', 'Công văn 6150/LĐTBXH-CVL ngày 22/11/2024'),
  ('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Hung Kings Commemoration Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2025-04-26', 'working', 'Làm bù cho ngày 02/5/2025', 'Worked in exchange for 02/05/2025', 'Thông báo hoán đổi ngày làm việc dịp 30/4–01/5/2025 (Bộ Nội vụ)'),
  ('2025-04-30', 'holiday', 'Ngày Chiến thắng', 'Reunification Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2025-05-01', 'holiday', 'Ngày Quốc tế lao động', 'International Labour Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2025-05-02', 'holiday', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)', 'Swapped day off (worked Saturday 26/04/2025)', 'Thông báo hoán đổi ngày làm việc dịp 30/4–01/5/2025 (Bộ Nội vụ)'),
  ('2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', 'Bộ luật Lao động 2019, Điều 112'),
  ('2025-09-02', 'holiday', 'Quốc khánh', 'National Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2026-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2026-02-16', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112; thông báo nghỉ Tết Bính Ngọ 2026'),
  ('2026-02-17', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112; thông báo nghỉ Tết Bính Ngọ 2026'),
  ('2026-02-18', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112; thông báo nghỉ Tết Bính Ngọ 2026'),
  ('2026-02-19', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112; thông báo nghỉ Tết Bính Ngọ 2026'),
  ('2026-02-20', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112; thông báo nghỉ Tết Bính Ngọ 2026'),
  ('2026-04-27', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch rơi vào Chủ nhật 26/4)', 'Hung Kings Day, compensatory (26/04 is a Sunday)', 'Bộ luật Lao động 2019, Điều 112'),
  ('2026-04-30', 'holiday', 'Ngày Chiến thắng', 'Reunification Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2026-05-01', 'holiday', 'Ngày Quốc tế lao động', 'International Labour Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', 'Bộ luật Lao động 2019, Điều 112'),
  ('2026-09-02', 'holiday', 'Quốc khánh', 'National Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2027-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2027-02-05', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112 (chờ thông báo năm 2027)'),
  ('2027-02-08', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112 (chờ thông báo năm 2027)'),
  ('2027-02-09', 'holiday', 'Tết Nguyên đán', 'Lunar New Year', 'Bộ luật Lao động 2019, Điều 112 (chờ thông báo năm 2027)'),
  ('2027-02-10', 'holiday', 'Nghỉ bù Tết Nguyên đán (mùng 1 rơi vào thứ Bảy)', 'Lunar New Year, compensatory', 'Bộ luật Lao động 2019, Điều 112 (chờ thông báo năm 2027)'),
  ('2027-02-11', 'holiday', 'Nghỉ bù Tết Nguyên đán (mùng 2 rơi vào Chủ nhật)', 'Lunar New Year, compensatory', 'Bộ luật Lao động 2019, Điều 112 (chờ thông báo năm 2027)'),
  ('2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Hung Kings Commemoration Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2027-04-30', 'holiday', 'Ngày Chiến thắng', 'Reunification Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2027-05-03', 'holiday', 'Nghỉ bù Ngày Quốc tế lao động (01/5 rơi vào thứ Bảy)', 'Labour Day, compensatory (01/05 is a Saturday)', 'Bộ luật Lao động 2019, Điều 112'),
  ('2027-09-02', 'holiday', 'Quốc khánh', 'National Day', 'Bộ luật Lao động 2019, Điều 112'),
  ('2027-09-03', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', 'Bộ luật Lao động 2019, Điều 112');
