"""The web app in a real browser against the running suite (or the fixture backend)."""
import re

from playwright.sync_api import expect

from browser_env import ARTIFACTS_DIR, FRONTEND_URL, allow, api_get


def open_swap(page):
    page.goto(FRONTEND_URL + "/")
    expect(page.get_by_test_id("token-in")).to_contain_text("WETH")
    expect(page.get_by_test_id("token-out")).to_contain_text("USDC")
    expect(page.get_by_test_id("route-hop").first).to_be_visible()


def test_config_and_live_status(page):
    page.goto(FRONTEND_URL + "/")
    expect(page.get_by_test_id("ws-status")).to_have_attribute("data-state", "live")
    expect(page.get_by_test_id("ws-status")).to_have_text("Live")


def test_swap_quotes_weth_to_usdc_and_shows_the_route(page):
    open_swap(page)
    expect(page.get_by_test_id("amount-out")).not_to_have_value("")
    assert float(page.get_by_test_id("amount-out").input_value()) > 0
    hop = page.get_by_test_id("route-hop").first
    expect(hop).to_contain_text("%")  # the pool's fee
    expect(page.get_by_test_id("route-line").first).to_contain_text(re.compile(r"\d+(\.\d)?%"))
    expect(page.get_by_test_id("limit-amount")).to_contain_text("USDC")
    expect(page.get_by_test_id("price-impact")).to_contain_text("%")
    expect(page.get_by_test_id("gas-cost")).to_contain_text("gas")
    expect(page.get_by_test_id("quote-error")).to_be_hidden()
    # The summary counts what the diagram draws, in words ("1 path, 1 pool"), read in one
    # go so that a quote refreshed meanwhile cannot mix two routes.
    summary = page.get_by_test_id("route").evaluate("""route => ({
        text: route.querySelector('.route-ends').textContent,
        paths: route.querySelectorAll('[data-testid="route-line"]').length,
        hops: route.querySelectorAll('[data-testid="route-hop"]').length})""")
    noun = lambda count, word: f"{count} {word}" + ("" if count == 1 else "s")
    assert f"{noun(summary['paths'], 'path')}, {noun(summary['hops'], 'pool')}" in summary["text"], summary


def test_exact_out_quotes_the_input(page):
    open_swap(page)
    page.get_by_test_id("amount-out").fill("250")
    expect(page.locator(".swap")).to_have_attribute("data-mode", "exactOut")
    expect(page.get_by_test_id("mode-out")).to_have_text("exact")
    # The limit becomes the most WETH sold, and the input field gets the quoted amount.
    expect(page.get_by_test_id("limit-amount")).to_contain_text("WETH")
    expect(page.locator("dt", has_text="Maximum sold")).to_be_visible()
    expect(page.get_by_test_id("amount-in")).not_to_have_value("1")
    assert float(page.get_by_test_id("amount-in").input_value()) > 0


def test_bad_amount_is_explained_in_words(page):
    open_swap(page)
    page.get_by_test_id("amount-in").fill("1.2.3")
    expect(page.get_by_test_id("quote-error")).to_be_visible()
    expect(page.get_by_test_id("quote-error")).to_contain_text("numbers")


def test_dust_amount_asks_for_more_not_less(page):
    # The quote is refused with 422 AMOUNT_TOO_SMALL, which the browser also logs.
    allow(page, "422")
    open_swap(page)
    page.get_by_test_id("amount-in").fill("0.000000000000000001")
    expect(page.get_by_test_id("quote-error")).to_be_visible()
    expect(page.get_by_test_id("quote-error")).to_contain_text("too small")


def test_token_picker_works_from_the_keyboard(page):
    open_swap(page)
    page.get_by_test_id("token-in").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("token-picker")).to_be_visible()
    expect(page.get_by_test_id("token-search")).to_be_focused()
    page.keyboard.type("USDC")
    expect(page.get_by_test_id("token-option-USDC").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("token-picker")).to_have_count(0)


def column_values(page, key):
    return [float(v) for v in page.locator(f'[data-testid="pool-row"] td[data-sort="{key}"]').evaluate_all(
        "cells => cells.map(c => c.dataset.value)")]


def test_pools_table_sorts(page):
    page.goto(FRONTEND_URL + "/pools")
    expect(page.get_by_test_id("pool-row").first).to_be_visible()
    main = page.get_by_test_id("main")
    expect(main).to_have_attribute("data-sorted", "tvl:desc")
    tvl = column_values(page, "tvl")
    assert len(tvl) >= 2 and tvl == sorted(tvl, reverse=True)

    page.get_by_test_id("sort-tvl").get_by_role("button").click()
    expect(main).to_have_attribute("data-sorted", "tvl:asc")
    expect(page.get_by_test_id("sort-tvl")).to_have_attribute("aria-sort", "ascending")
    tvl = column_values(page, "tvl")
    assert tvl == sorted(tvl)

    page.get_by_test_id("sort-volume").get_by_role("button").click()
    expect(main).to_have_attribute("data-sorted", "volume:desc")
    volume = column_values(page, "volume")
    assert volume == sorted(volume, reverse=True)


def test_pool_page_draws_its_chart_and_receives_a_live_trade(page):
    # The busiest pool, so a devnet trade reaches it soon.
    pool = api_get("/v1/pools?sort=volume&order=desc&limit=1")["data"][0]
    page.goto(f"{FRONTEND_URL}/pools/{pool['address']}")
    expect(page.get_by_test_id("pool-title")).to_contain_text(pool["token0"]["symbol"])
    expect(page.get_by_test_id("fact-address")).to_have_text(pool["address"])
    chart = page.get_by_test_id("price-chart")
    expect(chart.locator("g.candle").first).to_be_attached()
    if pool["kind"] == "concentrated":
        expect(page.get_by_test_id("liquidity-chart").locator("rect").first).to_be_attached()

    page.get_by_test_id("interval-5m").click()
    expect(chart).to_have_attribute("data-interval", "5m")
    expect(page.get_by_test_id("interval-5m")).to_have_attribute("aria-pressed", "true")

    # A trade that arrives over the WebSocket after the page loaded.
    expect(page.get_by_test_id("main")).to_have_attribute("data-live-trades", re.compile(r"[1-9]\d*"), timeout=90_000)
    expect(page.locator('[data-testid="trade-row"].fresh').first).to_be_attached()


def test_overview_shows_history_and_top_lists(page):
    page.goto(FRONTEND_URL + "/overview")
    expect(page.get_by_test_id("stat-tvl")).to_contain_text("$")
    expect(page.get_by_test_id("tvl-chart").locator("path.line")).to_be_attached()
    expect(page.get_by_test_id("volume-chart").locator("rect.bar").first).to_be_attached()
    expect(page.get_by_test_id("top-pool-row").first).to_be_visible()
    expect(page.get_by_test_id("top-token-row").first).to_be_visible()


def test_unknown_route_shows_not_found_inside_the_app(page):
    page.goto(FRONTEND_URL + "/no/such/page")
    expect(page.get_by_test_id("not-found")).to_be_visible()


def test_screenshots_at_375_and_1280(page_factory):
    for width, height in ((375, 812), (1280, 800)):
        page = page_factory(width, height)
        open_swap(page)
        # Nothing wider than the viewport: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(ARTIFACTS_DIR / f"swap-{width}.png"), full_page=True)
        page.goto(FRONTEND_URL + "/pools")
        expect(page.get_by_test_id("pool-row").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(ARTIFACTS_DIR / f"pools-{width}.png"), full_page=True)
        page.goto(FRONTEND_URL + "/overview")
        expect(page.get_by_test_id("top-pool-row").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS_DIR / f"overview-{width}.png"), full_page=True)
