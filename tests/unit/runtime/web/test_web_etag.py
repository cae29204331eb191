"""ETags from row versions; If-Match required on updates."""

import httpx
import pytest

from orderflow.runtime.web.etag import etag_for, parse_if_match

pytestmark = pytest.mark.unit

ORDER = "/v1/orders/o-1"


async def test_a_read_carries_the_row_version_as_a_strong_etag(client: httpx.AsyncClient) -> None:
    response = await client.get(ORDER)
    assert response.headers["etag"] == '"3"' == etag_for(3)


async def test_an_update_without_if_match_is_a_428(client: httpx.AsyncClient) -> None:
    response = await client.put(ORDER)
    assert response.status_code == 428
    assert response.headers["content-type"] == "application/problem+json"


async def test_if_match_star_is_not_a_concrete_version(client: httpx.AsyncClient) -> None:
    assert (await client.put(ORDER, headers={"If-Match": "*"})).status_code == 428


async def test_a_stale_etag_is_a_412_and_the_version_is_unchanged(
    client: httpx.AsyncClient,
) -> None:
    response = await client.put(ORDER, headers={"If-Match": '"2"'})
    assert response.status_code == 412
    assert response.json()["type"] == "https://orderflow.dev/problems/precondition-failed"
    assert (await client.get(ORDER)).headers["etag"] == '"3"'


async def test_the_current_etag_lets_the_update_through_once(client: httpx.AsyncClient) -> None:
    etag = (await client.get(ORDER)).headers["etag"]
    first = await client.put(ORDER, headers={"If-Match": etag})
    assert first.status_code == 200
    assert first.json() == {"version": 4}
    assert (await client.put(ORDER, headers={"If-Match": etag})).status_code == 412


@pytest.mark.parametrize("header", ['W/"3"', '"1", "3"', ' W/"9" , "3" '])
async def test_weak_tags_and_lists_match_by_value(client: httpx.AsyncClient, header: str) -> None:
    assert (await client.put(ORDER, headers={"If-Match": header})).status_code == 200


@pytest.mark.parametrize("header", ["3", '"3', "W/3", '"3",,'])
async def test_a_malformed_if_match_is_a_400(client: httpx.AsyncClient, header: str) -> None:
    assert (await client.put(ORDER, headers={"If-Match": header})).status_code == 400


def test_parse_if_match() -> None:
    assert parse_if_match('"a", W/"b"') == ["a", "b"]
    with pytest.raises(ValueError, match="a"):
        parse_if_match("a")
