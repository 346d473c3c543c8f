"""The pages' sources keep the rules the CSP and the XSS tests rely on."""

from __future__ import annotations

import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[3] / "service" / "web"


def test_scripts_never_parse_strings_as_html_or_code():
    for script in (WEB / "static").glob("*.js"):
        code = "\n".join(line for line in script.read_text().splitlines()
                         if not line.lstrip().startswith("//"))
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                     "new Function", "setAttribute(\"on", "setAttribute('on"):
            assert sink not in code, f"{script.name} uses {sink}"


def test_templates_have_no_inline_script_handlers_or_unescaped_output():
    for template in (WEB / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "|safe" not in text and "autoescape false" not in text, template.name
        assert "style=" not in text, template.name   # style-src 'self' forbids inline styles
