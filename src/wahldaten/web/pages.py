"""The server's HTML: the upload page, the frame around a report, rule pages, error pages.

Templates and static files are package data (`templates/`, `static/`); every text comes from
the catalog and is escaped here, so a template holds markup only. The report itself is the one
`wahldaten validate --format html` writes; the page adds a bar above it with the way back and
the downloads.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape
from importlib import resources
from string import Template

from wahldaten import __version__
from wahldaten.core import catalog, standard
from wahldaten.core.findings import Severity
from wahldaten.formats import registry as sources
from wahldaten.formats import targets
from wahldaten.io.limits import format_size
from wahldaten.report.html_overview import CSV_ID
from wahldaten.report.markdown import to_html
from wahldaten.rules import registry
from wahldaten.rules.registry import Rule
from wahldaten.web.settings import WebSettings

STATIC = {
    "web.css": "text/css; charset=utf-8",
    "upload.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
HEAD_LINKS = (
    '<link rel="stylesheet" href="/static/web.css">\n'
    '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
)
_BODY = re.compile(r"<body[^>]*>")


def t(key: str, language: str, **params: object) -> str:
    return catalog.text(key, language, **params)


@functools.cache
def _template(name: str) -> Template:
    return Template(resources.files("wahldaten.web").joinpath("templates", name).read_text("utf-8"))


@functools.cache
def static_file(name: str) -> tuple[bytes, str] | None:
    """A static file by name, from the fixed list only; None for anything else."""
    media = STATIC.get(name)
    if media is None:
        return None
    return resources.files("wahldaten.web").joinpath("static", name).read_bytes(), media


def language_of(value: str | None) -> str:
    return value if value in catalog.LANGUAGES else catalog.DEFAULT_LANGUAGE


def _languages(language: str, path: str) -> str:
    links = []
    for code in catalog.LANGUAGES:
        name = escape(t("web.names.language", code))
        if code == language:
            links.append(f'<span lang="{code}">{name}</span>')
        else:
            links.append(
                f'<a href="{escape(path)}?lang={code}" lang="{code}" hreflang="{code}">{name}</a>'
            )
    return "".join(links)


def page(
    language: str,
    title: str,
    content: str,
    *,
    path: str = "/",
    body_class: str = "",
    script: str | None = None,
) -> str:
    """A page of the server around `content` (markup already escaped)."""
    footer = t(
        "web.footer",
        language,
        version=__version__,
        rules="\0",  # replaced by the link below, after escaping
    )
    link = f'<a href="/docs/rules?lang={language}">{escape(t("web.rules_link", language))}</a>'
    return _template("page.html").substitute(
        lang=language,
        title=escape(title),
        links=HEAD_LINKS,
        head=f'<script src="/static/{escape(script)}" defer></script>' if script else "",
        body_class=body_class,
        site=escape(t("web.title", language)),
        language_switch=escape(t("web.language_switch", language)),
        languages=_languages(language, path),
        content=content,
        footer=escape(footer).replace("\0", link),
    )


def _options(choices: list[tuple[str, str]], selected: str) -> str:
    return "".join(
        f'<option value="{escape(v)}"{" selected" if v == selected else ""}>{escape(label)}</option>'
        for v, label in choices
    )


def upload_page(language: str, settings: WebSettings, *, final_supported: bool) -> str:
    def u(key: str, **params: object) -> str:
        return escape(t(f"web.upload.{key}", language, **params))

    final = ""
    if final_supported:
        final = f'<label><input type="checkbox" name="final" value="1">{u("final")}</label>'
    languages = [(c, t("web.names.language", c)) for c in catalog.LANGUAGES]
    levels = [(s.value, t(f"severity.{s.value}", language)) for s in Severity]
    versions = [("", t("web.names.default_version", language))]
    versions += [(v, v) for v in reversed(standard.versions())]
    source_choices = [
        (s, t("web.upload.auto", language) if s == sources.AUTO else s) for s in sources.choices()
    ]
    content = _template("upload.html").substitute(
        title=escape(t("web.title", language)),
        intro=escape(t("web.intro", language)),
        files=u("files"),
        files_hint=u("files_hint"),
        pick_files=u("pick_files"),
        pick_folder=u("pick_folder"),
        drop=u("drop"),
        chosen=escape(t("web.upload.chosen", language, count="{count}", size="{size}")),
        limits=u(
            "limits",
            size=format_size(settings.max_upload_bytes),
            files=settings.max_files,
            seconds=f"{settings.time_limit:g}",
        ),
        options=u("options"),
        language_label=u("language"),
        language_options=_options(languages, language),
        fail_on_label=u("fail_on"),
        fail_on_options=_options(levels, Severity.ERROR.value),
        final_option=final,
        more=u("more"),
        datum=u("datum"),
        gs=u("gs"),
        wahl_name=u("wahl_name"),
        behoerde=u("behoerde"),
        meta=u("meta"),
        validate=u("validate"),
        convert=u("convert"),
        convert_hint=u("convert_hint"),
        target=u("target"),
        target_options=_options([(x.name, x.title) for x in targets.all_targets()], targets.OWD),
        version=u("version"),
        version_options=_options(versions, ""),
        source=u("source"),
        source_options=_options(source_choices, sources.AUTO),
        busy=u("busy"),
    )
    # Errors before the form's fields are read come in the page's language.
    content = content.replace('action="/validate"', f'action="/validate?lang={language}"')
    content = content.replace('formaction="/convert"', f'formaction="/convert?lang={language}"')
    return page(
        language, t("web.title", language), content, body_class="upload", script="upload.js"
    )


def error_page(language: str, message: str) -> str:
    content = (
        f"<h1>{escape(t('web.error.title', language))}</h1>"
        f'<p class="wd-error" role="alert">{escape(message)}</p>'
        f'<p><a href="/?lang={language}">{escape(t("web.report.back", language))}</a></p>'
    )
    return page(language, t("web.error.title", language), content)


@dataclass(frozen=True)
class Download:
    label: str
    filename: str
    url: str  # a data: URL: the content travels in the page
    css_class: str = ""


def report_page(
    report_html: str,
    language: str,
    downloads: list[Download],
    *,
    note: str = "",
    notice: str = "",
) -> str:
    """The report as `--format html` writes it, with a bar above it (back, downloads)."""
    links = "".join(
        f'<a href="{escape(d.url)}" download="{escape(d.filename)}" class="{escape(d.css_class)}">'
        f"{escape(d.label)}</a>"
        for d in downloads
    )
    if f'id="{CSV_ID}"' in report_html:
        # The findings' CSV is carried once, in the report's overview; the bar points to it.
        links += f'<a href="#{CSV_ID}" class="to-csv">{escape(t("web.report.csv", language))}</a>'
    parts = [f'<a href="/?lang={language}">← {escape(t("web.report.back", language))}</a>']
    if notice:
        parts.append(f'<p class="notice" role="status">{escape(notice)}</p>')
    if links:
        parts.append(
            f'<span class="label">{escape(t("web.report.downloads", language))}:</span>{links}'
        )
    if note:
        parts.append(f'<span class="note">{escape(note)}</span>')
    bar = f'<nav class="wd-bar">{"".join(parts)}</nav>\n'
    html = report_html.replace("</head>", f"{HEAD_LINKS}\n</head>", 1)
    match = _BODY.search(html)
    if match is None:  # not a whole document: framed by a page of the server
        return page(language, t("web.title", language), bar + html)
    return html[: match.end()] + "\n" + bar + html[match.end() :]


def rule_page(rule: Rule, language: str) -> str:
    title = catalog.title(rule.code, language)
    rows = [
        (t("ui.severity", language), t(f"severity.{rule.severity.value}", language)),
        (
            t("web.docs.family", language),
            f"{rule.family} – {t(f'families.{rule.family}', language)}",
        ),
        (t("ui.reads", language), ", ".join(rule.input_names(language))),
        (t("ui.name", language), rule.name),
    ]
    facts = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    message = catalog.rule_text(rule.code, language).get("message", "")
    parts = [
        f"<h1>{escape(rule.code)}: {escape(title)}</h1>",
        f'<dl class="rule">{facts}</dl>',
        to_html(rule.explain(language), "explain"),
        f"<h2>{escape(t('ui.message', language))}</h2><blockquote>{escape(message)}</blockquote>",
    ]
    if rule.example:
        parts.append(
            f"<h2>{escape(t('ui.example', language))}</h2><pre>{escape(rule.example)}</pre>"
        )
    parts.append(
        f'<p><a href="/docs/rules?lang={language}">{escape(t("web.docs.index", language))}</a></p>'
    )
    return page(
        language,
        t("web.docs.title", language, code=rule.code),
        "".join(parts),
        path=f"/docs/rules/{rule.code}",
    )


def rules_index(language: str) -> str:
    rows = "".join(
        f'<tr><td><a href="/docs/rules/{r.code}?lang={language}">{escape(r.code)}</a></td>'
        f"<td>{escape(t(f'severity.{r.severity.value}', language))}</td>"
        f"<td>{escape(catalog.title(r.code, language))}</td></tr>"
        for r in registry.all_rules()
    )
    head = "".join(
        f"<th>{escape(t(k, language))}</th>" for k in ("ui.rule", "ui.severity", "ui.title")
    )
    content = (
        f"<h1>{escape(t('web.docs.index', language))}</h1>"
        f'<table class="rules"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )
    return page(language, t("web.docs.index", language), content, path="/docs/rules")
