"""The one escaping path: hostile markup from notebook output is shown as text, house markup survives."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from scr_workbench.build.safe_html import CONTENT_SECURITY_POLICY, clean_html, css_string

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)></svg>",
    '<iframe src="https://example.org"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<p onclick="alert(1)" style="background:url(https://example.org/x)">text</p>',
    "<object data=x></object><embed src=x>",
]


def executable(html: str) -> list[str]:
    """What in ``html`` could run or fetch: script-bearing elements, event handlers, script URLs, remote sources."""
    soup = BeautifulSoup(html, "html.parser")
    found = [t.name for t in soup.find_all(["script", "iframe", "object", "embed", "svg", "img", "base", "link"])]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") or name == "style" or "javascript:" in text.lower().replace(" ", ""):
                found.append(f"{tag.name}[{name}]")
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_markup_is_inert_and_still_readable(payload):
    cleaned = clean_html(f"<p>A quote: {payload}</p>")
    assert executable(cleaned) == []
    assert "A quote:" in BeautifulSoup(cleaned, "html.parser").get_text()


def test_a_script_is_shown_as_its_own_text():
    cleaned = clean_html("<p>x <script>alert(1)</script></p>")
    assert BeautifulSoup(cleaned, "html.parser").get_text() == "x <script>alert(1)</script>"


def test_house_markup_survives():
    fragment = (
        '<section class="main-points"><h2 id="main-points">Main points</h2><ul><li>One <a href="#x">link</a>'
        '</li></ul></section><details open><summary>More</summary><table><thead><tr><th scope="col">a</th></tr>'
        "</thead><tbody><tr><td>1</td></tr></tbody></table></details>"
    )
    soup = BeautifulSoup(clean_html(fragment), "html.parser")
    assert soup.find("section", class_="main-points").find("li").get_text() == "One link"
    assert soup.find("a")["href"] == "#x" and soup.find("details").has_attr("open")
    assert soup.find("th")["scope"] == "col"


def test_a_notebook_element_cannot_take_the_pages_technical_notes_id():
    soup = BeautifulSoup(clean_html('<section id="technical-notes" class="k">s</section>'), "html.parser")
    assert soup.section.get("id") is None and soup.section["class"] == ["k"]


def test_the_policy_forbids_scripts_and_remote_loads():
    rules = {part.split()[0]: part.split()[1:] for part in CONTENT_SECURITY_POLICY.split(";")}
    assert rules["default-src"] == ["'none'"] and rules["script-src"] == ["'none'"]
    assert rules["img-src"] == ["data:"]
    assert all("http" not in " ".join(v) for v in rules.values())


def test_css_string_cannot_end_the_string_or_the_style():
    text = 'It\'s "quoted" </style><script>x</script> \\ end'
    quoted = css_string(text)
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert not any(c in inner for c in "\"'<>/")
    # CSS unescaping (\HHHHHH plus one space) gives the text back
    import re

    assert re.sub(r"\\([0-9a-f]{6}) ", lambda m: chr(int(m.group(1), 16)), inner) == text
