"""The pages' defences seen from a browser: CSRF tokens are required, the CSP forbids inline script."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import log_in


def test_state_changing_post_without_the_csrf_token_is_refused(new_context, web, site):
    (comment,) = web.submit(site, [{"text": "You utter idiot."}])
    page = log_in(new_context(), web, "alice", f"/moderate/?site={site}")
    expect(page.locator("#claim-status")).to_contain_text("Claimed by you")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    url = f"{web.url}/moderate/api/comments/{comment}/decision"
    body = {"decision": "approve"}
    for headers in ({}, {"X-CSRF-Token": "not-the-token"}):
        refused = page.request.post(url, data=body, headers=headers)
        assert refused.status == 403
        assert refused.json()["error"]["code"] == "csrf_failed"
    assert web.status(comment) == "pending"
    logout = page.request.post(web.url + "/moderate/logout", form={"csrf_token": ""}, max_redirects=0)
    assert logout.status == 403
    accepted = page.request.post(url, data=body, headers={"X-CSRF-Token": token})
    assert accepted.status == 200, accepted.text()
    assert web.status(comment) == "approved"


def test_the_login_form_needs_its_token_too(new_context, web):
    page = new_context().new_page()
    page.goto(web.url + "/moderate/login")
    forged = page.request.post(web.url + "/moderate/login",
                               form={"name": "alice", "password": "correct horse battery"},
                               max_redirects=0)
    assert forged.status == 403
    assert page.request.get(web.url + "/moderate/api/queue").status == 401


def test_the_csp_forbids_inline_script(new_context, web, site):
    web.submit(site, [{"text": "Clueless idiots."}])
    context = new_context()
    page = log_in(context, web, "alice", "/moderate/history")
    response = page.goto(web.url + f"/moderate/?site={site}")
    csp = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    expect(page.locator("#claim-status")).to_contain_text("Claimed by you")
    # The page's own script is a static file of our origin.
    scripts = page.locator("script").evaluate_all("nodes => nodes.map(n => n.src)")
    assert scripts == [web.url + "/moderate/static/queue.js"]
    # The browser enforces it: an inline script and an inline handler injected into the page stay dead.
    violations = page.evaluate("""() => new Promise(resolve => {
        const seen = [];
        document.addEventListener('securitypolicyviolation', e => seen.push(e.violatedDirective));
        const script = document.createElement('script');
        script.textContent = 'window.__parley_inline = 1';
        document.body.append(script);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__parley_inline = 2');
        img.src = 'data:,';
        document.body.append(img);
        setTimeout(() => resolve(seen), 300);
    })""")
    assert page.evaluate("typeof window.__parley_inline") == "undefined"
    assert any(v.startswith("script-src") for v in violations), violations
