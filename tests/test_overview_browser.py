"""The overview page in a real browser: headless Chromium (Debian's chromium and chromedriver, driven by Selenium)
opens an admin's signed link on the bot's web server, sees the table and the bars, applies a filter through the
form, and is refused with 403 (a wrong signature) and 410 (expired). A phone-sized screenshot is kept in the test's
artefacts (and in ARTIFACTS_DIR when set). Skipped without Chromium, except when CI is set."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.overview_page import PATH, overview_page
from bot.webhook import WebhookServer
from knowledge.answer import Answerer
from tests.overview_seed import Site, site

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
PHONE = (390, 844)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium and chromium-driver (.ci/run installs them)")
        pytest.skip("chromium and chromedriver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=vi"):
        options.add_argument(argument)
    # a phone's screen (a headless window is never narrower than 500 px): the viewport meta tag then applies
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": PHONE[0], "height": PHONE[1],
                                                                          "pixelRatio": 2, "touch": True}})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # the responses' status codes
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def served(answerer: Answerer, engine: Engine) -> Iterator[tuple[Site, str]]:
    """The web server with the page, on a loop of its own in a thread: the browser's calls block this one."""
    setup = site(answerer, engine)
    server = WebhookServer("127.0.0.1:0", [], [overview_page(setup.signer, setup.conversation)])
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    port = asyncio.run_coroutine_threadsafe(server.start(), loop).result(30)
    yield setup, f"http://127.0.0.1:{port}{PATH}"
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def _open(driver, url: str) -> int:
    """Load `url`; the HTTP status the browser got for it."""
    driver.get_log("performance")  # what earlier loads logged
    driver.get(url)
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.responseReceived" and message["params"]["type"] == "Document":
            return message["params"]["response"]["status"]
    raise AssertionError(f"no response logged for {url}")


def _rows(driver) -> dict[str, object]:
    from selenium.webdriver.common.by import By

    return {row.find_element(By.CSS_SELECTOR, "td.name").text: row
            for row in driver.find_elements(By.CSS_SELECTOR, "#overview tr.unit")}


def _keep(screenshot: Path) -> None:
    if os.environ.get("ARTIFACTS_DIR"):
        target = Path(os.environ["ARTIFACTS_DIR"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot, target / screenshot.name)


def test_an_admin_opens_the_overview_filters_it_and_forged_or_expired_links_are_refused(
        browser, served, tmp_path: Path, database_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.wait import WebDriverWait

    driver, (setup, url) = browser, served
    token = setup.link()
    assert _open(driver, f"{url}?t={token}") == 200
    assert driver.find_element(By.TAG_NAME, "h1").text == "Tổng hợp hồ sơ đề nghị khen thưởng"
    rows = _rows(driver)
    assert len(rows) == 65 and '<b>Ban "Khác"</b> & Co' in rows  # the name shown as typed, not as markup
    bar = rows["Quận Ba Đình"].find_element(By.CSS_SELECTOR, ".bar")
    filled = bar.find_element(By.TAG_NAME, "span")
    assert abs(filled.size["width"] / bar.size["width"] - 3 / 5) < 0.02  # 3 of its quota of 5 used
    assert "3/5, còn 2" in rows["Quận Ba Đình"].text and "đã nộp 1, đã tiếp nhận 2, nháp 1" in rows["Quận Ba Đình"].text
    screenshot = tmp_path / f"overview-phone-{database_url.split(':')[0]}.png"
    assert driver.save_screenshot(str(screenshot)) and screenshot.stat().st_size > 10_000
    _keep(screenshot)
    assert driver.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]") == [PHONE[0]] * 2

    Select(driver.find_element(By.NAME, "trang_thai")).select_by_visible_text("Đã trả lại")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("trang_thai=returned"))
    assert sorted(_rows(driver)) == ["Quận Hoàn Kiếm", "Sở Xây dựng"]
    assert "t=" in driver.current_url  # the form kept the link

    assert _open(driver, f"{url}?t={token[:-4]}AAAA") == 403
    assert "không hợp lệ" in driver.find_element(By.TAG_NAME, "body").text
    setup.clock[0] += dt.timedelta(hours=24, seconds=1)
    assert _open(driver, f"{url}?t={token}") == 410
    assert "đã hết hạn" in driver.find_element(By.TAG_NAME, "body").text
