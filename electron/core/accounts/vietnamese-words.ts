/**
 * Words a Vietnamese officer reaches for first when asked for a password, written without diacritics
 * (as typed on a keyboard without Telex): the strength estimator treats each as one guess, like the
 * English dictionary words it already knows. Kept short and hand-picked: common given and family names,
 * the office's own words, places, and the phrases people put on sticky notes.
 */
export const VIETNAMESE_WORDS: readonly string[] = [
  // The office and the product.
  'matkhau', 'motcua', 'motcualienthong', 'tiepnhan', 'hoso', 'canbo', 'quantri', 'admin', 'ubnd', 'uybannhandan',
  'phuong', 'xa', 'huyen', 'tinh', 'thanhpho', 'dichvucong', 'dvcqg', 'congdan', 'cccd', 'cancuoc',
  // Phrases.
  'anhyeuem', 'emyeuanh', 'yeuem', 'yeuanh', 'vietnam', 'vietnamvodich', 'xinchao', 'tambiet', 'camon', 'hanhphuc',
  'bimat', 'concho', 'conmeo', 'chucmung', 'namoi', 'tetnguyendan', 'hochiminh', 'baccho',
  // Family names.
  'nguyen', 'tran', 'le', 'pham', 'hoang', 'huynh', 'phan', 'vu', 'vo', 'dang', 'bui', 'do', 'ho', 'ngo', 'duong', 'ly',
  // Given names.
  'anh', 'binh', 'chi', 'cuong', 'dung', 'duc', 'giang', 'ha', 'hai', 'hanh', 'hieu', 'hoa', 'hung', 'huong', 'huy',
  'khanh', 'lan', 'linh', 'long', 'mai', 'minh', 'nam', 'nga', 'ngoc', 'nhung', 'phuc', 'phuong', 'quang', 'quynh',
  'son', 'tam', 'thanh', 'thao', 'thu', 'thuy', 'trang', 'trung', 'tuan', 'tung', 'van', 'viet', 'xuan', 'yen',
  // Places.
  'hanoi', 'saigon', 'hcm', 'tphcm', 'danang', 'haiphong', 'cantho', 'hue', 'nhatrang', 'dalat', 'vungtau', 'quangninh',
  'halong', 'nghean', 'thanhhoa', 'binhduong', 'dongnai', 'bacninh', 'haiduong', 'namdinh', 'thaibinh', 'quangnam',
  'quangngai', 'binhdinh', 'khanhhoa', 'lamdong', 'daklak', 'gialai', 'kontum', 'laocai', 'sapa', 'caobang', 'langson',
  'hagiang', 'dienbien', 'sonla', 'hoabinh', 'ninhbinh', 'hatinh', 'quangbinh', 'quangtri', 'angiang', 'kiengiang',
  'camau', 'baclieu', 'soctrang', 'travinh', 'bentre', 'tiengiang', 'longan', 'tayninh', 'binhphuoc', 'phuyen',
];
