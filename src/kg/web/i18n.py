"""The interface language: Chinese by default, English on request, remembered in a cookie.

Every page carries a switch (a plain link to ``/lang/<code>?next=<this page>``) that sets
the ``lang`` cookie and comes back. Templates say ``{{ _("key") }}`` for interface strings
and ``{{ pick(labels) }}`` for data labels in the chosen language, falling back to the other.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Flask, g, redirect, request
from werkzeug.wrappers import Response

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
COOKIE = "lang"
#: A year: the choice should outlive the browser session.
COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)

#: Interface strings, by key. A missing key is a programming error (KeyError), not a
#: silently English page.
MESSAGES: dict[str, tuple[str, str]] = {
    "site.title": (
        "住房和城乡建设部定点帮扶知识图谱",
        "Designated Rural Assistance Knowledge Graph",
    ),
    "site.short": ("定点帮扶知识图谱", "Rural Assistance KG"),
    "nav.home": ("首页", "Home"),
    "nav.queries": ("查询", "Queries"),
    "nav.article": ("原文", "Article"),
    "nav.ontology": ("本体", "Ontology"),
    "nav.search": ("搜索", "Search"),
    "nav.validate": ("校验", "Validate"),
    "nav.sparql": ("SPARQL", "SPARQL"),
    "lang.switch": ("English", "中文"),
    "lang.switch.title": ("Switch to English", "切换到中文"),
    "footer.source": (
        "资料来源：《中国建设报》2022年1月24日",
        "Source: China Construction News, 24 Jan 2022",
    ),
    "footer.took": ("本页查询耗时", "Queries took"),
    "home.heading": ("图谱概况", "What the graph holds"),
    "home.triples": ("条三元组", "triples"),
    "home.places": ("定点帮扶的四地", "The four assisted places"),
    "home.groups": ("帮扶工作组", "Assistance groups"),
    "home.classes": ("各类实例数", "Instances by class"),
    "home.class": ("类", "Class"),
    "home.instances": ("实例数", "Instances"),
    "home.queries": ("常用查询", "Saved queries"),
    "home.no_queries": ("暂无保存的查询。", "No saved queries yet."),
    "home.members": ("成员", "Members"),
    "search.placeholder": ("搜索实体，如：红安", "Search entities, e.g. Hong'an"),
    "search.button": ("搜索", "Search"),
    "search.heading": ("搜索", "Search"),
    "search.results": ("条结果", "results"),
    "search.none": ("没有找到匹配的实体。", "No matching entity."),
    "search.empty": (
        "请输入中文或英文名称（可输入部分名称）。",
        "Type a Chinese or English name (or part of one).",
    ),
    "search.type": ("类型", "Type"),
    "search.matched": ("匹配", "Matched"),
    "severity.Violation": ("违反约束", "Violation"),
    "severity.Warning": ("警告", "Warning"),
    "severity.Info": ("提示", "Info"),
    "value.true": ("是", "yes"),
    "value.false": ("否", "no"),
    "entity.types": ("类型", "Types"),
    "entity.facts": ("事实", "Facts"),
    "entity.incoming": ("被引用", "Referenced by"),
    "entity.sources": ("来源句子", "Source sentences"),
    "entity.no_sources": ("没有注明来源的句子。", "No source sentence recorded."),
    "entity.neighbourhood": ("关系图", "Neighbourhood"),
    "entity.validation": ("校验状态", "Validation status"),
    "entity.conforms": ("此节点符合约束，没有发现问题。", "This node conforms: no findings."),
    "entity.findings": ("发现的问题", "Findings"),
    "entity.validation_pending": (
        "正在校验整个图谱，请稍后刷新。",
        "The graph is being validated; reload in a moment.",
    ),
    "entity.validation_unavailable": ("暂时无法校验。", "Validation is not available."),
    "entity.downloads": ("下载描述", "Download description"),
    "entity.iri": ("IRI", "IRI"),
    "entity.labels": ("又称", "Also called"),
    "entity.queries": ("关于它的查询", "Saved queries about it"),
    "entity.in_ontology": ("在本体表中查看", "See it in the ontology's tables"),
    "entity.in_article": ("在原文中查看", "See in the article"),
    "query.parameters": ("参数", "Parameters"),
    "query.run": ("查询", "Run"),
    "query.rows": ("行", "rows"),
    "query.took": ("耗时", "took"),
    "query.show_sparql": ("显示 SPARQL", "Show SPARQL"),
    "query.download": ("下载", "Download"),
    "query.permalink": ("永久链接", "Permalink"),
    "query.chart": ("图表", "Chart"),
    "query.truncated": ("结果过多，已截断。", "Too many rows: the result was truncated."),
    "query.no_rows": ("没有结果。", "No results."),
    "query.any": ("（任意）", "(any)"),
    "query.required": ("必填", "required"),
    "query.error": ("查询出错", "The query failed"),
    "query.timeout": ("查询超时，已停止。", "The query ran out of time and was stopped."),
    "query.unavailable": ("保存的查询暂不可用。", "Saved queries are not available yet."),
    "query.tag.other": ("其他", "Other"),
    "query.list": ("全部保存的查询", "All saved queries"),
    "article.heading": ("原文", "The article"),
    "article.sentence": ("句", "Sentence"),
    "article.drawn": ("由此句得出", "Drawn from this sentence"),
    "article.none": ("原文句子尚未载入。", "The article's sentences are not loaded yet."),
    "ontology.heading": ("本体", "The ontology"),
    "ontology.classes": ("类", "Classes"),
    "ontology.properties": ("属性", "Properties"),
    "ontology.schemes": ("概念体系", "Concept schemes"),
    "ontology.diagram": ("模型图", "Model diagram"),
    "ontology.diagram.caption": (
        "类列在其细化的复用类之下（缩进表示 rdfs:subClassOf），属性按定义域 rdfs:domain 归入各类"
        "（名称 → 值域 rdfs:range），最后是各概念体系及其概念。点击图片可查看原图。",
        "classes under the reused classes they refine (indent = rdfs:subClassOf), properties by "
        "rdfs:domain (name → rdfs:range), then the concept schemes and their concepts. "
        "Click the picture for the full-size image.",
    ),
    "ontology.term": ("术语", "Term"),
    "ontology.label": ("名称", "Label"),
    "ontology.definition": ("定义", "Definition"),
    "ontology.count": ("实例数", "Instances"),
    "ontology.uses": ("使用次数", "Uses"),
    "ontology.domain": ("定义域", "Domain"),
    "ontology.range": ("值域", "Range"),
    "ontology.superclass": ("上位类", "Superclass"),
    "validate.heading": ("校验候选三元组", "Validate candidate triples"),
    "validate.intro": (
        "粘贴或上传 Turtle 文本。这里只报告候选内容带来的问题，不会写入 data/。",
        "Paste or upload Turtle. Only what the candidate introduces is reported; nothing is written to data/.",
    ),
    "validate.paste": ("粘贴 Turtle", "Paste Turtle"),
    "validate.upload": ("或上传文件", "or upload a file"),
    "validate.button": ("校验", "Validate"),
    "validate.conforms": ("候选内容符合约束。", "The candidate conforms."),
    "validate.violations": ("候选内容不符合约束。", "The candidate does not conform."),
    "validate.syntax": ("无法解析候选内容", "The candidate does not parse"),
    "validate.empty": ("请粘贴或上传 Turtle 文本。", "Paste or upload some Turtle."),
    "validate.added": ("新增三元组", "Added triples"),
    "validate.repeated": ("已存在的三元组（无变化）", "Triples already present (no-ops)"),
    "validate.new_entities": ("新实体", "New entities"),
    "validate.duplicates": ("可能重复的实体", "Likely duplicates"),
    "validate.preexisting": ("图谱中原有的问题（与候选无关）", "Problems already in the graph"),
    "validate.line": ("行", "Line"),
    "validate.severity": ("级别", "Severity"),
    "validate.focus": ("节点", "Node"),
    "validate.path": ("路径", "Path"),
    "validate.value": ("值", "Value"),
    "validate.message": ("说明", "Message"),
    "validate.unavailable": ("校验功能暂不可用。", "Validation is not available yet."),
    "validate.api": ("也可以通过 JSON 接口使用：", "Also available as a JSON API:"),
    "error.heading": ("出错了", "Something went wrong"),
    "error.400": ("请求无效。", "The request is not valid."),
    "error.404": ("找不到这个页面。", "There is no page here."),
    "error.405": ("不支持这种请求方法。", "This method is not allowed here."),
    "error.406": ("无法提供所要求的格式。", "The requested format is not available."),
    "error.413": ("上传的内容太大。", "The upload is too large."),
    "error.500": (
        "服务器内部错误，我们已记录下来。",
        "An internal error occurred; it has been logged.",
    ),
    "error.503": (
        "查询超时或服务器繁忙，请稍后再试。",
        "A query ran out of time or the server is busy; try again shortly.",
    ),
    "error.home": ("返回首页", "Back to the home page"),
}


#: Saved-query tags (from the `#+ tags:` headers) in Chinese; others are shown as written.
TAGS_ZH = {
    "groups": "帮扶组",
    "places": "地方",
    "measures": "帮扶措施",
    "money": "资金",
    "totals": "合计",
    "villages": "村",
    "enterprises": "企业",
    "figures": "数据",
    "people": "人物",
    "quotes": "引语",
    "trainings": "培训",
    "organisations": "单位",
    "organizations": "单位",
    "party-building": "党建",
    "provenance": "出处",
    "curation": "数据整理",
    "timeline": "时间线",
    "documents": "文件",
    "events": "事件",
    "article": "原文",
    "entities": "实体",
    "projects": "项目",
    "search": "检索",
}


def tag_label(tag: str) -> str:
    return TAGS_ZH.get(tag, tag) if current_lang() == "zh" else tag


def current_lang() -> str:
    """The language of this request: `?lang=`, else the cookie, else Chinese."""
    cached = g.get("lang")
    if cached:
        return cached
    for candidate in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGS:
            g.lang = candidate
            return candidate
    g.lang = DEFAULT_LANG
    return DEFAULT_LANG


def other_lang(lang: str | None = None) -> str:
    return "en" if (lang or current_lang()) == "zh" else "zh"


def translate(key: str, lang: str | None = None) -> str:
    """The interface string `key` in `lang` (default: this request's language)."""
    zh, en = MESSAGES[key]
    return zh if (lang or current_lang()) == "zh" else en


def pick(labels: Mapping[str, str] | None, fallback: str = "", lang: str | None = None) -> str:
    """A label in the chosen language, else in the other one, else `fallback`."""
    if not labels:
        return fallback
    lang = lang or current_lang()
    return labels.get(lang) or labels.get(other_lang(lang)) or fallback


def safe_next(target: str | None) -> str:
    """Only a path on this site: `//evil.example` and absolute URLs would be open redirects."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@bp.get("/lang/<code>")
def switch(code: str) -> Response:
    response = redirect(safe_next(request.args.get("next")), code=303)
    if code in LANGS:
        response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return response


def severity(name: str, lang: str | None = None) -> str:
    """A SHACL severity (Violation, Warning, Info) in the interface language; an unknown
    one as it is."""
    key = f"severity.{name}"
    return translate(key, lang) if key in MESSAGES else name


def colon(lang: str | None = None) -> str:
    """What follows a caption ("下载：", "Download: "): Chinese takes the full-width colon,
    which carries its own space."""
    return "：" if (lang or current_lang()) == "zh" else ": "


def init_app(app: Flask) -> None:
    """Register the switch route and the template helpers."""
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        _=translate,
        pick=pick,
        current_lang=current_lang,
        other_lang=other_lang,
        tag_label=tag_label,
        colon=colon,
        severity=severity,
    )
