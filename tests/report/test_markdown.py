"""The Markdown of rule explanations as HTML."""

from __future__ import annotations

from wahldaten.report.markdown import inline, to_html


def test_code_and_bold_become_elements() -> None:
    assert inline("Spalte `A` ist **nicht** die Summe") == (
        "Spalte <code>A</code> ist <strong>nicht</strong> die Summe"
    )


def test_text_is_escaped_and_code_is_not_interpreted() -> None:
    assert inline("`<b>**x**</b>` & <i>") == (
        "<code>&lt;b&gt;**x**&lt;/b&gt;</code> &amp; &lt;i&gt;"
    )


def test_paragraphs_line_breaks_and_lists() -> None:
    text = "Erster Absatz\nmit Umbruch.\n\n- eins\n- `zwei`\n\nEnde."
    assert to_html(text, "explain") == (
        '<p class="explain">Erster Absatz<br>mit Umbruch.</p>'
        '<ul class="explain"><li>eins</li><li><code>zwei</code></li></ul>'
        '<p class="explain">Ende.</p>'
    )


def test_unmatched_marks_stay_text() -> None:
    assert inline("a ` b ** c") == "a ` b ** c"
