import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    for private in ("/moderation/", "/admin/", "/accounts/", "/mine/", "/submit/", "/status/"):
        assert f"Disallow: {private}" in lines
    assert "User-agent: *" in lines


def test_robots_txt_gives_the_absolute_sitemap_url(client):
    response = client.get("/robots.txt", headers={"host": "testserver"})
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()


def test_robots_txt_leaves_public_pages_open(client):
    text = client.get("/robots.txt").content.decode()
    disallowed = [
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Disallow:")
    ]
    for public in ("/", "/cases/", "/cases/some-case/", "/sectors/health/", "/cases/feed/"):
        assert not any(public.startswith(rule) for rule in disallowed), public


def test_robots_txt_answers_head_and_refuses_post(client):
    head = client.head("/robots.txt")
    assert head.status_code == 200
    assert head.content == b""
    assert client.post("/robots.txt").status_code == 405


def test_robots_txt_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/robots.txt")
