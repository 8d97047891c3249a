"""The public clause of each rule of Decision 2686, in Vietnamese and English, keyed by rule identifier.

This is what citizens read beside a level (the method page, the reasons on an area page); the docstrings of
rules_2686.py are for developers and may name fields and parameters. Per tag:
[V] the Decision's own words (vi) and our translation (en);
[S] the official news agency's paraphrase, as published (en: VietnamPlus; vi: TTXVN / baotintuc.vn);
[I] our reading, stated as ours in both languages.
A test checks that every rule of rules_2686 has a clause here, in both languages, without identifiers.
"""

from __future__ import annotations

from typing import NamedTuple


class Clause(NamedTuple):
    vi: str
    en: str

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.vi


OURS_VI = "Cách hiểu của tỉnh: "
OURS_EN = "Our reading: "

CLAUSES: dict[str, Clause] = {
    # ── Commune, own inputs ──
    "commune.unknown_source_cluster": Clause(
        "Có chùm F0 chưa rõ nguồn lây",
        "There is a cluster of F0 cases whose source of infection is unknown",
    ),
    "commune.hard_to_control_source": Clause(
        "Có F0 xác định được nguồn lây nhiễm từ khu công nghiệp, trường học, siêu thị lớn và các khu vực có nguồn lây "
        "nhiễm khó kiểm soát, khó truy vết",
        "There are F0 cases whose source of infection is identified as an industrial park, a school, a large "
        "supermarket or another place where the source is hard to control and hard to trace",
    ),
    "commune.unknown_source_case": Clause(
        "Có ít nhất một ca bệnh chưa rõ nguồn lây nhiễm",
        "At least one case without a known source of infection",
    ),
    "commune.crowded_place_red_cluster": Clause(
        "Có ca F0 liên quan đến địa điểm đông người là nguồn lây của ổ dịch nguy cơ rất cao",
        "An F0 case is linked to a crowded place that is the source of a very-high-risk outbreak",
    ),
    "commune.known_source_rate": Clause(
        "Có bệnh nhân COVID-19 xác định được nguồn lây trong cộng đồng, trong vòng 14 ngày số F0 xác định được nguồn "
        "lây vượt tỷ lệ 1/100.000 người",
        "There are COVID-19 patients in the community whose source of infection is identified, and within 14 days "
        "the F0 cases with an identified source exceed 1 per 100,000 people",
    ),
    "commune.community_contacts": Clause(
        "Có người tiếp xúc trực tiếp với ca bệnh đang ở trong cộng đồng",
        "There are direct contacts with confirmed cases in the community",
    ),
    "commune.illegal_entry_risk": Clause(
        "Có nguy cơ cao từ người nhập cảnh trái phép (các xã biên giới)",
        "High risk from people entering the country illegally (border communes)",
    ),
    "commune.large_quarantine_population": Clause(
        "Có nhiều người đang cách ly tập trung trên địa bàn",
        "Many people are held in concentrated quarantine in the area",
    ),
    "commune.none": Clause(
        OURS_VI + "không có yếu tố dịch tễ nào của các mức nguy cơ cao hơn thì ở mức bình thường mới",
        OURS_EN + "with none of the epidemiological factors of the higher levels, the area is at new normal",
    ),
    # ── Commune, adjacency ──
    "commune.adjacent_very_high": Clause(
        "Giáp ranh với địa bàn có nguy cơ rất cao (vùng đỏ)",
        "Adjacent to code red localities",
    ),
    "commune.adjacent_high": Clause(
        "Giáp ranh với địa bàn có nguy cơ cao (vùng cam)",
        "Next to code orange localities",
    ),
    "commune.adjacent_derived_high": Clause(
        OURS_VI + "xã được nâng lên nguy cơ cao chỉ vì giáp ranh vùng nguy cơ rất cao cũng đưa các xã giáp nó lên "
        "mức nguy cơ (vòng thứ hai, không hơn)",
        OURS_EN + "a commune raised to high risk only because it borders a very-high-risk area also raises the "
        "communes next to it to risk (a second ring, never more)",
    ),
    # ── District ──
    "district.very_high_share_scattered": Clause(
        "Có 30% số xã trở lên có nguy cơ rất cao, nằm rải rác trên địa bàn huyện",
        "30% or more of the communes are at very high risk, scattered across the district",
    ),
    "district.half_communes_high": Clause(
        "Có 50% số xã trở lên có nguy cơ cao",
        "50% or more of the communes are at high risk",
    ),
    "district.fast_spread_very_high": Clause(
        "Có nguồn lây nhiễm khó kiểm soát và có nguy cơ lan nhanh trên 50% số xã",
        "There is a hard-to-control source of infection with a risk of fast spread over more than 50% of the communes",
    ),
    "district.high_share_scattered": Clause(
        "Có 30% số xã trở lên có nguy cơ cao nằm rải rác trên địa bàn huyện",
        "30% or more of the communes are at high risk, scattered across the district",
    ),
    "district.half_communes_at_risk": Clause(
        "Có 50% số xã trở lên ở mức độ nguy cơ",
        "50% or more of the communes are at the risk level",
    ),
    "district.one_commune_very_high": Clause(
        "Có 1 xã có nguy cơ rất cao",
        "One commune is at very high risk",
    ),
    "district.fast_spread_high": Clause(
        "Có nguồn lây nhiễm khó kiểm soát và có nguy cơ lây lan nhanh trên 20% số xã",
        "There is a hard-to-control source of infection with a risk of fast spread over more than 20% of the communes",
    ),
    "district.protected_site_at_risk": Clause(
        "Có khu công nghiệp, cơ sở sản xuất quan trọng … cần phải bảo vệ tuyệt đối an toàn, tiếp giáp với khu vực có "
        "nguồn lây nhiễm khó kiểm soát, khó truy vết",
        "A key industrial park or production site … that must be kept absolutely safe borders an area with a "
        "hard-to-control, hard-to-trace source of infection",
    ),
    "district.known_source_rate": Clause(
        "Trong vòng 14 ngày số F0 xác định được nguồn lây trong cộng đồng vượt tỷ lệ 1/100.000 người (dân số của "
        "huyện)",
        "Within 14 days the F0 cases in the community with an identified source exceed 1 per 100,000 people (of the "
        "district's population)",
    ),
    "district.commune_at_risk": Clause(
        OURS_VI + "huyện ở mức nguy cơ khi có ít nhất một xã ở mức nguy cơ trở lên",
        OURS_EN + "a district is at risk when at least one of its communes is at risk or higher",
    ),
    "district.none": Clause(
        OURS_VI + "không có yếu tố dịch tễ nào của các mức nguy cơ cao hơn thì ở mức bình thường mới",
        OURS_EN + "with none of the epidemiological factors of the higher levels, the area is at new normal",
    ),
    # ── Province ──
    "province.very_high_share_scattered": Clause(
        "Có trên 30% số huyện có nguy cơ rất cao và nằm rải rác trên địa bàn tỉnh",
        "More than 30% of the districts are at very high risk, scattered across the province",
    ),
    "province.half_districts_high": Clause(
        "Có 50% số huyện trở lên có nguy cơ cao",
        "50% or more of the districts are at high risk",
    ),
    "province.fast_spread_very_high": Clause(
        "Có ổ dịch lớn khó kiểm soát và có nguy cơ lây lan nhanh trên 50% số huyện và lây sang tỉnh khác",
        "There is a large, hard-to-control outbreak with a risk of fast spread over more than 50% of the districts, "
        "spreading to other provinces",
    ),
    "province.high_share_scattered": Clause(
        OURS_VI + "như với huyện: 30% số huyện trở lên có nguy cơ cao, nằm rải rác trên địa bàn tỉnh",
        OURS_EN + "as for a district: 30% or more of the districts at high risk, scattered across the province",
    ),
    "province.half_districts_at_risk": Clause(
        OURS_VI + "như với huyện: 50% số huyện trở lên ở mức nguy cơ",
        OURS_EN + "as for a district: 50% or more of the districts at the risk level",
    ),
    "province.one_district_very_high": Clause(
        OURS_VI + "như với huyện: có 1 huyện có nguy cơ rất cao",
        OURS_EN + "as for a district: one district at very high risk",
    ),
    "province.fast_spread_high": Clause(
        OURS_VI + "như với huyện: có nguồn lây nhiễm khó kiểm soát và có nguy cơ lây lan nhanh trên 20% số huyện",
        OURS_EN + "as for a district: a hard-to-control source with a risk of fast spread over more than 20% of "
        "the districts",
    ),
    "province.protected_site_at_risk": Clause(
        OURS_VI + "như với huyện: có khu công nghiệp, cơ sở sản xuất quan trọng cần bảo vệ tuyệt đối an toàn tiếp "
        "giáp khu vực có nguồn lây nhiễm khó kiểm soát, khó truy vết",
        OURS_EN + "as for a district: a key industrial or production site that must be kept safe borders an area "
        "with a hard-to-control, hard-to-trace source",
    ),
    "province.known_source_rate": Clause(
        "Trong vòng 14 ngày số F0 xác định được nguồn lây trong cộng đồng vượt tỷ lệ 1/100.000 người (dân số của tỉnh)",
        "Within 14 days the F0 cases in the community with an identified source exceed 1 per 100,000 people (of the "
        "province's population)",
    ),
    "province.district_at_risk": Clause(
        OURS_VI + "tỉnh ở mức nguy cơ khi có ít nhất một huyện ở mức nguy cơ trở lên",
        OURS_EN + "the province is at risk when at least one of its districts is at risk or higher",
    ),
    "province.none": Clause(
        OURS_VI + "không có yếu tố dịch tễ nào của các mức nguy cơ cao hơn thì ở mức bình thường mới",
        OURS_EN + "with none of the epidemiological factors of the higher levels, the area is at new normal",
    ),
}
