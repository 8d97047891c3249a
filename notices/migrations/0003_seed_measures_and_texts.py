"""Seed the mandatory measures of Decision 2686/QĐ-BCĐQG (Part IV) and the first public texts.

Measures: the Vietnamese text is the Decision's, as the national risk map nguyco.antoancovid.vn showed it in 2021
(spec §7); the English is our gloss. Level n's measures are Part IV, item n (item 1 is confirmed by the sources;
items 2 to 4 follow the Decision's order).

Texts: written for residents from the Decision and from official public information of 2021. Hotlines: 1800 6132,
the health sector's hotline of 2021 named in issue 6; 1900 9095, the Ministry of Health's COVID-19 hotline (Sài Gòn
Tiếp Thị, 02/2020, citing the Ministry's website); 115, the national emergency number. The province's own hotline
is left for the editors to add: no public source for it was at hand.
"""

import datetime

from django.db import migrations

VALID_FROM = datetime.date(2021, 5, 31)
DECISION = "Quyết định 2686/QĐ-BCĐQG, Phần IV"

# (level, item, Vietnamese text, English gloss); sub-points are lines starting with "- ".
MEASURES = [
    (1, "a",
     "Đối với cá nhân: Thực hiện nghiêm 5K (Khẩu trang, Khử khuẩn, Khoảng cách, Không tập trung, Khai báo y tế).",
     "Individuals: strictly follow 5K (masks, disinfection, distance, no gatherings, health declaration)."),
    (1, "b",
     "Đối với tổ chức, đơn vị: Thực hiện nghiêm các biện pháp đảm bảo an toàn của Bộ Y tế, tự đánh giá và cập nhật "
     "trên hệ thống antoancovid.vn.",
     "Organisations: strictly apply the Ministry of Health's safety measures; self-assess and update on antoancovid.vn."),
    (1, "c",
     "Đối với chính quyền: Xử lý nghiêm các tổ chức, cá nhân vi phạm điểm a và b, mục 1, phần IV của Quy định này và "
     "không cho phép hoạt động của các tổ chức không đảm bảo an toàn.",
     "Authorities: strictly sanction organisations and individuals who breach points a and b of item 1, Part IV; "
     "organisations that are not safe may not operate."),
    (2, "1",
     "Thực hiện truy vết, khoanh vùng, cách ly theo hướng dẫn của Bộ Y tế.",
     "Trace contacts, zone off and quarantine following the Ministry of Health's guidance."),
    (2, "2",
     "Tạm dừng hoạt động các cơ sở kinh doanh dễ bị lây nhiễm như: vũ trường, karaoke, quán bar, mát xa,...",
     "Suspend businesses where infection spreads easily: discos, karaoke, bars, massage and the like."),
    (2, "3",
     "Thực hiện khai báo y tế bắt buộc đối với những người có nguy cơ (ngoài các đối tượng đã được quy định trước đây).",
     "Compulsory health declaration for people at risk (in addition to those already required to declare)."),
    (2, "4",
     "Hạn chế các hoạt động tập trung đông người. Đối với các sự kiện bắt buộc phải tổ chức thì cơ quan tổ chức phải "
     "đảm bảo đầy đủ các quy định của cơ quan y tế trên địa bàn. Lễ hiếu, hỉ, hoạt động tôn giáo, tín ngưỡng phải được "
     "các cơ quan y tế giám sát chặt chẽ và phải hạn chế tổ chức ăn uống.",
     "Limit gatherings. Events that must take place must meet all the local health authority's rules. Funerals, "
     "weddings and religious activities must be closely supervised by the health authorities, with limited catering."),
    (3, "1",
     "Dừng các hoạt động tập trung từ 30 người trở lên, trường hợp cần thiết phải tổ chức thì phải được cấp tỉnh hoặc "
     "trung ương cho phép và cấp, cơ quan, cá nhân tổ chức phải chịu trách nhiệm đảm bảo tuyệt đối an toàn. Không tụ tập "
     "từ 10 người trở lên ngoài phạm vi công sở, trường học, bệnh viện. Yêu cầu giữ khoảng cách tối thiểu 2m tại nơi "
     "công cộng.",
     "Stop gatherings of 30 or more people; any that must take place need the province's or the central "
     "government's permission, and the organiser answers for its complete safety. No groups of 10 or more outside "
     "offices, schools and hospitals. Keep at least 2 m apart in public places."),
    (3, "2",
     "Giảm mật độ giao thông, số lượng người trên các phương tiện giao thông công cộng.",
     "Reduce traffic and the number of passengers on public transport."),
    (3, "3",
     "Giảm số người làm việc tại cơ quan, công sở; tăng cường làm việc trực tuyến.",
     "Reduce the number of people working on site in offices; work online more."),
    (3, "4",
     "Điều chỉnh lịch học; trường hợp cần phải điều chỉnh vượt quá khung kế hoạch thời gian năm học thì phải thống nhất "
     "với Bộ Giáo dục và Đào tạo.",
     "Adjust school timetables; changes beyond the school-year framework need the Ministry of Education and "
     "Training's agreement."),
    (3, "5",
     "Thực hiện khai báo y tế bắt buộc với toàn bộ người dân trên địa bàn.",
     "Compulsory health declaration for all residents of the area."),
    (4, "1",
     "Đánh giá nguy cơ và áp dụng các biện pháp cách ly y tế (phong tỏa) vùng có dịch Covid-19 theo quy định của Bộ Y "
     "tế tại Quyết định số 3986/QĐ-BYT ngày 16/9/2020 đối với những vùng dịch diễn biến phức tạp, các yếu tố dịch tễ khó "
     "kiểm soát và dịch có nguy cơ lây lan rộng.",
     "Assess the risk and apply medical isolation (lockdown) of COVID-19 outbreak zones under the Ministry of "
     "Health's Decision 3986/QĐ-BYT of 16/9/2020 where the outbreak is complex, hard to control or may spread widely."),
    (4, "2",
     "Áp dụng thiết chế cách ly y tế tập trung (khu vực phong tỏa) ngay tại khu vực, địa điểm có đông người lao động là "
     "người có tiếp xúc gần phải cách ly tập trung (F1) lưu trú (ký túc xá, nhà trọ tập trung đông công nhân); đồng thời "
     "phải tuân thủ nghiêm ngặt các quy định như đối với khu cách ly y tế tập trung. Xử lý nghiêm các trường hợp không "
     "tuân thủ quy định.",
     "Set up concentrated quarantine (a lockdown zone) on site where many workers who are close contacts (F1) live "
     "(dormitories, crowded workers' lodgings), under the same strict rules as a concentrated quarantine facility. "
     "Strictly sanction breaches."),
    (4, "3",
     "Áp dụng các hoạt động giãn cách xã hội trong vòng 14 ngày trên phạm vi toàn địa bàn, cụ thể:\n"
     "- Dừng các hoạt động sản xuất, kinh doanh trừ các hoạt động sản xuất, kinh doanh thiết yếu.\n"
     "- Các cơ sở sản xuất kinh doanh, dịch vụ thiết yếu được hoạt động bao gồm: Nhà máy, cơ sở sản xuất; công trình "
     "giao thông, xây dựng; cơ sở kinh doanh dịch vụ, hàng hóa thiết yếu (như lương thực, thực phẩm, dược phẩm; xăng, "
     "dầu; điện; nước; nhiên liệu,...); cơ sở giáo dục, ngân hàng, kho bạc, các cơ sở kinh doanh dịch vụ trực tiếp liên "
     "quan đến hoạt động ngân hàng và bổ trợ doanh nghiệp (như công chứng, luật sư, đăng kiểm, đăng ký giao dịch bảo "
     "đảm...), chứng khoán, bưu chính, viễn thông, dịch vụ hỗ trợ vận chuyển, xuất, nhập khẩu hàng hóa, khám bệnh, chữa "
     "bệnh, tang lễ...\n"
     "- Tổ chức lại sản xuất tại các khu công nghiệp đảm bảo công tác phòng chống dịch, không để đứt gãy chuỗi cung ứng "
     "hàng hóa đặc biệt đối với các nhà máy, xí nghiệp lớn mang tính toàn cầu.\n"
     "- Người dân được phép lao động, sản xuất tại gia đình và thu hoạch nông sản theo nhóm từng hộ gia đình tại vườn, "
     "vùng sản xuất của địa phương. Các hoạt động sản xuất, kinh doanh, dịch vụ, lao động sản xuất phải thực hiện nghiêm "
     "các biện pháp đảm bảo an toàn phòng, chống dịch theo quy định. Dừng hoạt động nhà máy, xí nghiệp, các hoạt động "
     "sản xuất, thu hoạch khi không đảm bảo an toàn.\n"
     "- Dừng các hoạt động lễ hội, văn hóa, thể thao, giải trí, tôn giáo tín ngưỡng. Đám tang không quá 30 người, đám "
     "cưới không quá 20 người và phải được cơ quan y tế tại nơi tổ chức giám sát nghiêm ngặt.\n"
     "- Không tập trung từ 3 người trở lên ngoài phạm vi công sở, trường học, bệnh viện; giữ khoảng cách tối thiểu 2m.\n"
     "- Dừng hoạt động vận chuyển hành khách công cộng. Xe công vụ, xe đưa đón công nhân, chuyên gia, người cách ly được "
     "hoạt động nhưng chỉ được đưa đón tại nơi chính quyền cho phép.",
     "Apply social distancing for 14 days over the whole area:\n"
     "- Stop production and business except essential ones.\n"
     "- Essential production, business and services may operate: factories and production sites; transport and "
     "construction works; shops for essential goods and services (food, medicines, fuel, electricity, water…); "
     "schools, banks, the treasury and services directly supporting banks and businesses (notaries, lawyers, vehicle "
     "inspection, secured-transaction registration…), securities, post, telecommunications, services supporting "
     "transport and the import and export of goods, medical examination and treatment, funerals…\n"
     "- Reorganise production in industrial parks for disease control without breaking supply chains, especially "
     "for large factories in global supply chains.\n"
     "- Residents may work and produce at home and harvest crops in household groups in local gardens and fields. "
     "All production, business and services must strictly follow the disease-control safety rules; factories, "
     "production and harvesting that are not safe must stop.\n"
     "- Stop festivals and cultural, sports, entertainment and religious activities. Funerals of at most 30 people and "
     "weddings of at most 20, closely supervised by the local health authority.\n"
     "- No gatherings of 3 or more people outside offices, schools and hospitals; keep at least 2 m apart.\n"
     "- Stop public passenger transport. Official vehicles and shuttles for workers, experts and people in quarantine "
     "may run, picking up and dropping off only where the authorities allow."),
    (4, "4",
     "Không ngăn sông cấm chợ. Các phương tiện chuyên chở nông sản, nguyên vật liệu sản xuất, hàng hóa được hoạt động "
     "nhưng phải tuân thủ các yêu cầu về phòng, chống dịch. Các phương tiện chở người từ các tỉnh khác được phép đi qua "
     "nhưng không được dừng đón, trả khách trên địa bàn.",
     "Do not block trade: vehicles carrying farm produce, production materials and goods may run under the "
     "disease-control rules. Passenger vehicles from other provinces may pass through but may not stop to pick up "
     "or drop off passengers in the area."),
]

CALL = (
    "**Gọi ai:** khi có sốt, ho, khó thở, mất vị giác hoặc khứu giác, hoặc khi là người tiếp xúc gần (F1), hãy ở nhà và "
    "gọi trạm y tế xã, phường, thị trấn nơi bạn ở hoặc đường dây nóng ngành y tế **1800 6132** để được hướng dẫn; "
    "cấp cứu gọi **115**."
)
CALL_EN = (
    "**Whom to call:** with fever, cough, shortness of breath or loss of taste or smell, or if you are a close contact "
    "(F1), stay at home and call your commune health station or the health sector's hotline **1800 6132** for "
    "guidance; for an emergency call **115**."
)

# (key, title_vi, body_vi, title_en, body_en)
TEXTS = [
    ("level_1", "Cấp độ 1 – Bình thường mới (xanh)",
     "**Ý nghĩa:** trong 14 ngày qua, địa bàn không có yếu tố dịch tễ nào của các cấp độ nguy cơ cao hơn. Sinh hoạt, "
     "sản xuất, kinh doanh diễn ra bình thường, nhưng dịch có thể quay lại bất cứ lúc nào.\n\n"
     "**Bạn cần làm:**\n\n"
     "- Thực hiện 5K: Khẩu trang, Khử khuẩn, Khoảng cách, Không tập trung, Khai báo y tế.\n"
     "- Cài Bluezone và bật Bluetooth khi ra ngoài; quét mã QR khai báo y tế ở nơi công cộng.\n"
     "- Theo dõi thông báo của tỉnh và của xã, phường nơi bạn ở.\n\n" + CALL,
     "Level 1 – New normal (green)",
     "**What it means:** in the last 14 days the area has had none of the epidemiological factors of the higher "
     "levels. Daily life and business go on as usual, but the disease can come back at any time.\n\n"
     "**What to do:**\n\n"
     "- Follow 5K: masks, disinfection, distance, no gatherings, health declaration.\n"
     "- Install Bluezone and keep Bluetooth on when you go out; scan the health-declaration QR code in public places.\n"
     "- Follow the notices of the province and of your commune.\n\n" + CALL_EN),
    ("level_2", "Cấp độ 2 – Nguy cơ (vàng)",
     "**Ý nghĩa:** trong 14 ngày qua, địa bàn có người mắc COVID-19 trong cộng đồng đã xác định được nguồn lây, hoặc có "
     "người tiếp xúc gần với người mắc đang sống trong cộng đồng, hoặc giáp với địa bàn nguy cơ cao.\n\n"
     "**Bạn cần làm** (ngoài các việc của cấp độ 1):\n\n"
     "- Hợp tác khi được truy vết, khai báo trung thực; chấp hành cách ly khi được yêu cầu.\n"
     "- Khai báo y tế bắt buộc nếu bạn thuộc nhóm có nguy cơ.\n"
     "- Vũ trường, karaoke, quán bar, mát xa tạm dừng hoạt động; hạn chế tụ tập đông người.\n"
     "- Đám cưới, đám tang, hoạt động tôn giáo có cơ quan y tế giám sát và hạn chế ăn uống.\n\n" + CALL,
     "Level 2 – Risk (yellow)",
     "**What it means:** in the last 14 days the area has had COVID-19 cases in the community whose source of "
     "infection is known, or close contacts of cases living in the community, or borders a high-risk area.\n\n"
     "**What to do** (in addition to level 1):\n\n"
     "- Cooperate with contact tracing, declare honestly and follow quarantine when asked.\n"
     "- Make the compulsory health declaration if you are at risk.\n"
     "- Discos, karaoke, bars and massage parlours are closed; avoid crowds.\n"
     "- Weddings, funerals and religious events are supervised by the health authority, with limited catering.\n\n"
     + CALL_EN),
    ("level_3", "Cấp độ 3 – Nguy cơ cao (cam)",
     "**Ý nghĩa:** địa bàn có người mắc COVID-19 trong cộng đồng chưa rõ nguồn lây, hoặc giáp với địa bàn nguy cơ rất "
     "cao, hoặc có nơi đông người liên quan đến ổ dịch.\n\n"
     "**Bạn cần làm** (ngoài các việc của cấp độ 1 và 2):\n\n"
     "- Không tụ tập từ 10 người trở lên ngoài công sở, trường học, bệnh viện; giữ khoảng cách tối thiểu 2 m nơi công cộng.\n"
     "- Hạn chế đi lại, hạn chế dùng phương tiện công cộng; làm việc trực tuyến khi có thể.\n"
     "- Theo dõi lịch học mới của nhà trường.\n"
     "- Mọi người dân trên địa bàn phải khai báo y tế.\n\n" + CALL,
     "Level 3 – High risk (orange)",
     "**What it means:** the area has community cases whose source of infection is unknown, or borders a very "
     "high-risk area, or has a crowded place linked to an outbreak.\n\n"
     "**What to do** (in addition to levels 1 and 2):\n\n"
     "- No groups of 10 or more outside offices, schools and hospitals; keep at least 2 m apart in public places.\n"
     "- Travel less and use public transport less; work online when you can.\n"
     "- Check your school's new timetable.\n"
     "- Every resident of the area must make a health declaration.\n\n" + CALL_EN),
    ("level_4", "Cấp độ 4 – Nguy cơ rất cao (đỏ)",
     "**Ý nghĩa:** địa bàn có chùm ca bệnh chưa rõ nguồn lây, hoặc có người mắc lây từ nơi khó kiểm soát như khu công "
     "nghiệp, trường học, siêu thị lớn.\n\n"
     "**Bạn cần làm** (ngoài các việc của cấp độ 1, 2 và 3):\n\n"
     "- Giãn cách xã hội 14 ngày trên toàn địa bàn: chỉ ra ngoài khi thật cần thiết; chỉ các cơ sở thiết yếu hoạt động.\n"
     "- Không tập trung từ 3 người trở lên ngoài công sở, trường học, bệnh viện; giữ khoảng cách tối thiểu 2 m.\n"
     "- Xe khách công cộng dừng hoạt động; đám tang không quá 30 người, đám cưới không quá 20 người.\n"
     "- Chấp hành phong tỏa, cách ly y tế khi chính quyền quyết định.\n\n" + CALL,
     "Level 4 – Very high risk (red)",
     "**What it means:** the area has clusters of cases with an unknown source, or cases infected in hard-to-control "
     "places such as industrial parks, schools or large supermarkets.\n\n"
     "**What to do** (in addition to levels 1, 2 and 3):\n\n"
     "- 14 days of social distancing over the whole area: go out only when truly necessary; only essential "
     "businesses open.\n"
     "- No groups of 3 or more outside offices, schools and hospitals; keep at least 2 m apart.\n"
     "- Public passenger transport stops; funerals of at most 30 people, weddings of at most 20.\n"
     "- Follow lockdown and medical isolation when the authorities order them.\n\n" + CALL_EN),
    ("home_purpose", "Cấp độ dịch để làm gì?",
     "Theo Quyết định 2686/QĐ-BCĐQG ngày 31/5/2021 của Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19, mỗi xã, "
     "huyện và tỉnh được đánh giá ở một trong bốn cấp độ nguy cơ, từ các yếu tố dịch tễ trong 14 ngày gần nhất: "
     "**bình thường mới** (xanh), **nguy cơ** (vàng), **nguy cơ cao** (cam), **nguy cơ rất cao** (đỏ).\n\n"
     "Mỗi cấp độ đi kèm các biện pháp bắt buộc, cộng dồn từ cấp thấp lên cấp cao, để mỗi nơi áp dụng biện pháp vừa "
     "đúng mức nguy cơ của mình: chống dịch ở nơi có dịch, duy trì sản xuất, đời sống ở nơi an toàn. Tỉnh có thể áp "
     "dụng biện pháp cao hơn mức bắt buộc.\n\n"
     "Cấp độ trên bản đồ do máy tính đề xuất từ số liệu của ngành y tế và chỉ được công bố khi tỉnh phê duyệt.",
     "What are the risk levels for?",
     "Under Decision 2686/QĐ-BCĐQG of 31/5/2021 of the National Steering Committee for COVID-19 Prevention and "
     "Control, every commune, district and province is assessed at one of four risk levels from the epidemiological "
     "factors of the last 14 days: **new normal** (green), **risk** (yellow), **high risk** (orange) and **very high "
     "risk** (red).\n\n"
     "Each level comes with mandatory measures, cumulative from the lower levels up, so that each place applies "
     "measures that match its own risk: fighting the disease where it is, keeping life and work going where it is "
     "safe. The province may apply stricter measures than the mandatory ones.\n\n"
     "The levels on the map are proposed by computer from the health sector's data and published only once the "
     "province approves them."),
    ("home_four_on_site", "Nguyên tắc “4 tại chỗ”",
     "Phòng, chống dịch theo phương châm **“4 tại chỗ”**:\n\n"
     "- **Chỉ huy tại chỗ:** chính quyền và ban chỉ đạo phòng, chống dịch của từng xã, phường, thị trấn chủ động điều hành.\n"
     "- **Lực lượng tại chỗ:** y tế cơ sở, công an, quân sự, tổ COVID cộng đồng và người dân cùng tham gia.\n"
     "- **Phương tiện tại chỗ:** sử dụng trang thiết bị, phương tiện sẵn có của địa phương.\n"
     "- **Hậu cần tại chỗ:** bảo đảm lương thực, thực phẩm, thuốc men ngay tại địa bàn.\n\n"
     "Mỗi địa phương tự tổ chức để phát hiện sớm, khoanh vùng nhanh và dập dịch kịp thời.",
     "The “four on-site” principle",
     "Disease control follows the **“four on-site”** principle:\n\n"
     "- **On-site command:** each commune's authorities and disease-control committee take charge.\n"
     "- **On-site forces:** local health workers, police, militia, community COVID teams and residents take part.\n"
     "- **On-site means:** the equipment and vehicles already available locally are used.\n"
     "- **On-site logistics:** food, supplies and medicines are secured within the area.\n\n"
     "Each locality organises itself to detect cases early, zone off quickly and stamp out outbreaks in time."),
    ("home_bluezone", "Bluezone và khai báo y tế",
     "**Bluezone** là ứng dụng phát hiện tiếp xúc gần do Bộ Thông tin và Truyền thông và Bộ Y tế triển khai: "
     "điện thoại ghi nhận các lần bạn ở gần người khác qua Bluetooth, không ghi vị trí, và báo cho bạn khi "
     "đã tiếp xúc gần với người mắc COVID-19. Hãy cài Bluezone và bật Bluetooth khi ra khỏi nhà.\n\n"
     "**Khai báo y tế** là một trong 5K: khai báo trên trang tokhaiyte.vn hoặc ứng dụng khai báo y tế điện tử, và "
     "quét mã QR khi vào cơ quan, chợ, siêu thị, bến xe. Ở cấp độ 3 và 4, mọi người dân trên địa bàn phải khai báo.",
     "Bluezone and the health declaration",
     "**Bluezone** is the contact-detection app launched by the Ministry of Information and Communications and the "
     "Ministry of Health: your phone notes, over Bluetooth and without recording your location, when you are near "
     "other people, and warns you if you have been in close contact with a COVID-19 case. Install Bluezone and keep "
     "Bluetooth on when you leave home.\n\n"
     "The **health declaration** is one of the 5Ks: declare on tokhaiyte.vn or in the electronic health-declaration "
     "app, and scan the QR code when entering offices, markets, supermarkets and bus stations. At levels 3 and 4 "
     "every resident of the area must declare."),
    ("hotlines", "Đường dây nóng",
     "- Đường dây nóng ngành y tế: **1800 6132**\n"
     "- Đường dây nóng của Bộ Y tế về COVID-19: **1900 9095**\n"
     "- Cấp cứu: **115**\n"
     "- Trạm y tế xã, phường, thị trấn nơi bạn ở: khi có triệu chứng hoặc là người tiếp xúc gần (F1), gọi trước khi "
     "đến cơ sở y tế.",
     "Hotlines",
     "- Health sector hotline: **1800 6132**\n"
     "- Ministry of Health COVID-19 hotline: **1900 9095**\n"
     "- Emergency: **115**\n"
     "- Your commune health station: if you have symptoms or are a close contact (F1), call before going to a "
     "health facility."),
]


def seed(apps, schema_editor):
    Measure = apps.get_model("notices", "Measure")
    PublicText = apps.get_model("notices", "PublicText")
    orders = {}
    for level, item, text_vi, text_en in MEASURES:
        orders[level] = order = orders.get(level, 0) + 1
        Measure.objects.get_or_create(
            level=level,
            mandatory=True,
            text_vi=text_vi,
            valid_from=VALID_FROM,
            defaults={
                "order": order,
                "text_en": text_en,
                "legal_reference": f"{DECISION}, mục {level}, điểm {item}",
            },
        )
    for key, title_vi, body_vi, title_en, body_en in TEXTS:
        PublicText.objects.get_or_create(
            key=key,
            valid_from=VALID_FROM,
            defaults={"title_vi": title_vi, "body_vi": body_vi, "title_en": title_en, "body_en": body_en},
        )


def unseed(apps, schema_editor):
    apps.get_model("notices", "Measure").objects.filter(mandatory=True, valid_from=VALID_FROM).delete()
    apps.get_model("notices", "PublicText").objects.filter(
        valid_from=VALID_FROM, key__in=[key for key, *_ in TEXTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0002_notice_rules_and_versions")]
    operations = [migrations.RunPython(seed, unseed)]
