"""Follow-ups of handled cases (R-7.5) and the satisfaction survey per accepted order (R-9.2)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.aftersales.support import (
    acceptance_of,
    customer,
    deliver_order,
    matching,
    payloads,
    staff,
)
from tests.support.service_app import running_service
from tests.unit.aftersales.builders import OTHER_CUSTOMER

pytestmark = pytest.mark.integration


async def test_a_closed_ticket_is_followed_up_and_the_opinions_recorded(tmp_path: Path) -> None:
    """R-7.5: scheduled a week after the case closed; outcome and opinions recorded once."""
    async with running_service("aftersales", tmp_path) as svc:
        read = await svc.client.post(
            "/v1/tickets",
            json={"kind": "complaint", "channel": "phone", "summary": "Rude driver"},
            headers={"Idempotency-Key": "c1", **customer(svc)},
        )
        for path, body, who in (
            ("updates", {"status": "in_progress", "message": "Talking to logistics"}, staff(svc)),
            (
                "resolution",
                {"resolution": "answered", "message": "Apologies; driver briefed"},
                staff(svc),
            ),
            ("feedback", {"satisfaction": 4}, customer(svc)),
        ):
            read = await svc.client.post(
                f"/v1/tickets/{read.json()['id']}/{path}", json=body, headers=matching(read, who)
            )
            assert read.status_code == 200, read.text
        (scheduled,) = await payloads(svc, "follow_up.scheduled")
        assert scheduled["due_on"] == str((svc.clock.now() + timedelta(days=7)).date())
        follow_up = await svc.client.get(
            f"/v1/follow-ups/{scheduled['follow_up_id']}", headers=staff(svc)
        )
        assert follow_up.json()["status"] == "scheduled"

        result = {"outcome": "satisfied", "satisfaction": 5, "opinions": "Would like SMS updates"}
        done = await svc.client.post(
            f"/v1/follow-ups/{scheduled['follow_up_id']}/result",
            json=result,
            headers=matching(follow_up, staff(svc)),
        )
        assert done.status_code == 200, done.text
        assert (done.json()["status"], done.json()["opinions"]) == (
            "completed",
            "Would like SMS updates",
        )
        (completed,) = await payloads(svc, "follow_up.completed")
        assert (completed["outcome"], completed["opinions_recorded"]) == ("satisfied", True)
        twice = await svc.client.post(
            f"/v1/follow-ups/{scheduled['follow_up_id']}/result",
            json=result,
            headers=matching(done, staff(svc)),
        )
        assert twice.status_code == 409


async def test_an_accepted_order_gets_one_survey_its_customer_answers(tmp_path: Path) -> None:
    """R-9.2: the auto-accepted order's survey, answered by its customer and no one else."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id = await deliver_order(svc)
        svc.clock.advance(timedelta(days=8))
        await svc.run_due_jobs()
        assert (await acceptance_of(svc, order_id)).json()["status"] == "auto_accepted"
        (survey,) = (
            await svc.client.get("/v1/surveys?status=pending", headers=customer(svc))
        ).json()["items"]
        url = f"/v1/surveys/{survey['id']}"
        stranger = customer(svc, OTHER_CUSTOMER)
        assert (await svc.client.get(url, headers=stranger)).status_code == 404

        read = await svc.client.get(url, headers=customer(svc))
        answers = {"satisfaction": 4, "delivery": 5, "product": 4, "would_recommend": True}
        answered = await svc.client.post(
            f"{url}/answers", json=answers, headers=matching(read, customer(svc))
        )
        assert answered.status_code == 200, answered.text
        assert answered.json()["status"] == "answered"
        (recorded,) = await payloads(svc, "satisfaction_survey.recorded")
        assert (recorded["satisfaction"], recorded["would_recommend"]) == (4, True)
        assert (await svc.published("satisfaction_survey.recorded"))[0].order_id == order_id
        unknown = await svc.client.post(
            f"{url}/answers",
            json={"satisfaction": 4, "mood": "ok"},
            headers=matching(answered, customer(svc)),
        )
        assert unknown.status_code == 422
