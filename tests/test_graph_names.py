"""An independent checklist of the article's named entities (issue 3 audit).

Written line by line from data/sources/zgjsb-2022-01-24.txt, not from the data: for each
line, the names it uses for organisations, units, people, places, documents, events,
programmes, products and platforms. Each name must be the zh rdfs:label or skos:altLabel of
a node (quotes and book-title marks aside), and that node's facts must cite the line — its
own dra:statedIn or that of a node pointing at it (the provenance query of ontology/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "sources" / "zgjsb-2022-01-24.txt"

#: line: names the article uses on it
CHECKLIST: dict[int, tuple[str, ...]] = {
    1: ("习近平", "全国脱贫攻坚总结表彰大会", "中国建设报"),
    2: (
        "住房和城乡建设部党组",
        "中央纪委国家监委驻部纪检监察组",
        "中央纪委",
        "国家监委",
        "党中央",
        "住房和城乡建设部",
        "脱贫攻坚农村危房改造",
        "定点扶贫",
        "牵头联系大别山片区脱贫攻坚",
        "大别山片区",
        "脱贫攻坚三项重大任务",
        "两个维护",
    ),
    4: (
        "中央单位定点帮扶结对安排",
        "湖北省",
        "红安县",
        "麻城市",
        "青海省",
        "西宁市",
        "湟中区",
        "大通县",
        "4地",
        "定点扶贫",
        "习近平",
    ),
    6: (
        "王蒙徽",
        "部党组书记",
        "部长",
        "党的十九大",
        "十九届历次全会",
        "习近平总书记关于定点帮扶工作的重要指示精神",
    ),
    9: ("部扶贫攻坚领导小组", "部定点帮扶工作领导小组", "王蒙徽", "社团党委", "部机关"),
    10: (
        "党中央",
        "国务院",
        "党中央、国务院关于坚持做好中央单位定点帮扶工作的决策部署",
        "部2021年定点帮扶工作计划",
    ),
    12: ("中组部", "中组部通知"),
    14: ("张小宏", "部党组成员", "副部长", "定点帮扶部县联席会议", "项目化、清单化、责任化"),
    16: ("张小宏", "定点帮扶部县联席会议"),
    17: ("部县联席会议制度", "组团帮扶机制"),
    19: ("董红梅", "住房和城乡建设部帮扶办公室", "一级巡视员"),
    21: ("四个不摘", "组团帮扶工作机制", "住房和城乡建设部定点帮扶办公室"),
    22: (
        "部帮扶办公室",
        "工程质量安全监管司",
        "科技与产业化发展中心",
        "中国风景园林学会",
        "麻城帮扶组",
        "住房保障司",
        "中国城市规划设计研究院",
        "中国建筑业协会",
        "红安帮扶组",
        "标准定额司",
        "中国建筑出版传媒有限公司",
        "中国城市规划学会",
        "湟中帮扶组",
        "房地产市场监管司",
        "中国建设报社",
        "中国房地产估价师与房地产经纪人学会",
        "大通帮扶组",
    ),
    25: ("党史学习教育", "习近平总书记关于乡村振兴战略重要论述", "部机关", "农家书屋"),
    26: (
        "村镇建设司",
        "村镇建设司党支部",
        "湟中区",
        "共和镇",
        "苏尔吉村",
        "苏尔吉村党支部",
        "工程质量安全监管司党支部",
        "麻城市",
        "三河口镇",
        "八磊石村",
        "八磊石村党总支部",
        "科技与产业化发展中心第三党支部",
        "福田河镇",
        "福田河村",
        "福田河村党支部",
        "共同缔造",
    ),
    28: (
        "房地产市场监管司",
        "碧桂园集团青藏区域党支部",
        "大通县逊让乡党委",
        "逊让乡",
        "上后拉村",
        "八里村",
        "庄头村",
        "碧桂园",
        "党史学习教育云党课",
    ),
    29: ("共同缔造",),
    30: ("中国建设报社党委", "村党支部微信公众号", "寺沟村", "党建﹢电商"),
    31: ("马国祥", "景阳镇", "寺沟村党支部", "大通县景阳镇寺沟村党支部"),
    32: (
        "共同缔造与乡村振兴大讲堂",
        "部机关",
        "省住房和城乡建设厅",
        "中国城市规划设计研究院",
        "北京大学",
        "红安县",
    ),
    33: ("戴建旺", "高桥镇", "庙咀湾村", "庙咀湾村党支部书记"),
    34: ("住房和城乡建设部帮扶组", "红安县"),
    35: ("北京大学", "思想政治实践课教育基地"),
    38: ("4地党支部书记培训班", "致富带头人和实用技术人才培训", "新时代乡村振兴领军人才培训"),
    39: ("菊花种植技能培训", "骨伤科专题培训", "姚基金NBA乡村体育教师培训", "姚基金", "NBA"),
    41: (
        "房地产市场监管司",
        "2021清华碧桂园乡村振兴教师系列培训",
        "清华碧桂园乡村产业振兴领头雁培养计划",
        "中山大学碧桂园结对帮扶大通县乡村振兴建设提升班",
        "中山大学",
        "大通县",
    ),
    43: ("杨波", "湟中区副区长", "部挂职干部"),
    45: (
        "海通集团",
        "海通集团装配式产业基地暨总部大楼项目",
        "红安经济开发区新型产业园",
        "红安经济开发区",
    ),
    46: ("海通装配式产业基地项目", "红安县城投公司", "海通集团"),
    47: ("江苏", "南京", "湖北", "红安", "武汉", "海通集团"),
    48: ("红安县", "海通集团"),
    51: ("麻城帮扶组", "湖北麻一建设有限公司"),
    52: (
        "大别山（麻城）建筑产业工人培育示范基地",
        "麻城市",
        "绿色建材及装配式产业化示范基地",
        "绿色建材及装配式产业化示范基地可行性研究报告",
    ),
    53: ("湟中帮扶组", "加快推进全区建筑业发展的意见", "湟中区建筑业发展调研报告"),
    54: ("建筑业强区”工程",),
    55: ("大通帮扶组",),
    57: ("中国城市规划设计研究院", "大通县政府", "高原美丽乡村建设"),
    59: ("刘志明",),
    60: (
        "中国农工民主党中央",
        "上海",
        "湟中区第一人民医院",
        "大通县第二人民医院",
        "送医下乡",
    ),
    63: ("我为群众办实事”实践活动", "党史学习教育"),
    65: ("农村自建房安全常识”一张图",),
    67: (
        "中央财政保障性安居工程专项补助资金",
        "中央预算内投资",
        "农村危房改造",
        "城镇老旧小区改造",
    ),
    68: ("中央财政农村危房改造补助资金", "农村危房改造"),
    69: ("美好环境与幸福生活共同缔造", "农牧民居住条件改善工程", "高原美丽乡村建设"),
    71: ("中国五矿化工进出口商会",),
    72: ("中国花卉园艺工职业技能竞赛",),
    73: ("福白菊脱毒原种",),
    74: ("银铜器手工艺品产业园",),
    75: ("河湟文化西宁文旅产业园",),
    77: ("万科", "碧桂园", "产业帮扶+就业帮扶”造血模式"),
    78: ("中国物业管理协会",),
    80: (
        "文旅部",
        "西宁市人民政府",
        "西宁市文化旅游广电局",
        "湟中区人民政府",
        "青海西宁非物质文化遗产精品展",
        "恭王府",
        "北京",
    ),
    82: ("碧桂园", "万科", "碧桂园—清华大学校长成长计划培训", "清华大学"),
    84: ("红安县特殊教育学校",),
    86: (
        "美团集团",
        "阳坡村",
        "韭菜沟村",
        "2021年姚基金NBA乡村体育师资培养篮球专业技能与职业素养提升培训班",
    ),
    89: ("人民优选", "中国建设报社", "公益住建", "农业银行"),
    91: ("王蒙徽", "定点帮扶工作领导小组组长", "党中央", "习近平"),
    92: ("龚后雨", "中国建设报"),
}

NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?name WHERE {
  ?entity rdfs:label|skos:altLabel ?name . FILTER (lang(?name) = "zh")
}"""

#: the provenance query of ontology/README.md, by source line rather than position
SOURCES = """
PREFIX dra: <https://dra.example.org/ontology#>
SELECT DISTINCT ?entity ?line WHERE {
  { ?entity dra:statedIn ?sentence }
  UNION { ?node ?p ?entity . ?node dra:statedIn ?sentence }
  ?sentence dra:sourceLine ?line .
}"""

CASES = [(line, name) for line, names in CHECKLIST.items() for name in names]


def _bare(name: str) -> str:
    """A name without the quotation and book-title marks the article wraps it in."""
    return name.strip("“”‘’《》")


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def index(request) -> tuple[dict[str, set], dict[object, set[int]]]:
    store = open_store(ROOT, engine=request.param)
    by_name: dict[str, set] = {}
    for entity, name in store.query(NAMES).rows:
        by_name.setdefault(_bare(str(name)), set()).add(entity)
    lines: dict[object, set[int]] = {}
    for entity, line in store.query(SOURCES).rows:
        lines.setdefault(entity, set()).add(line.toPython())
    return by_name, lines


def test_checklist_names_are_the_articles_words() -> None:
    """The checklist itself is honest: every name occurs verbatim on its line."""
    text = SOURCE.read_text(encoding="utf-8").splitlines()
    wrong = [(line, name) for line, name in CASES if name not in text[line - 1]]
    assert wrong == []


@pytest.mark.parametrize(("line", "name"), CASES, ids=[f"{ln}-{n}" for ln, n in CASES])
def test_named_entity_is_in_the_graph_citing_its_line(index, line: int, name: str) -> None:
    by_name, lines = index
    entities = by_name.get(_bare(name), set())
    assert entities, f"line {line}: no node is labelled {name!r}"
    citing = [e for e in entities if line in lines.get(e, set())]
    assert citing, (
        f"line {line}: {name!r} ({sorted(entities)}) cites only {[sorted(lines.get(e, ())) for e in entities]}"
    )


ISOLATED = """
PREFIX dra: <https://dra.example.org/ontology#>
SELECT ?e WHERE {
  ?e a ?type .
  FILTER (STRSTARTS(STR(?e), "https://dra.example.org/id/") && ?type != dra:Sentence)
  FILTER NOT EXISTS { ?x ?p ?e . FILTER (?p != dra:statedIn) }
  FILTER NOT EXISTS {
    ?e ?q ?y . FILTER (?q != dra:statedIn && STRSTARTS(STR(?y), "https://dra.example.org/id/"))
  }
}"""


def test_every_entity_is_attached_to_another() -> None:
    """A name alone is not a fact: each node links to, or is linked from, another node."""
    assert open_store(ROOT).query(ISOLATED).rows == []
