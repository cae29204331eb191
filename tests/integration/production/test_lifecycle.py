"""An approved order becomes a plan with tasks, progress, problems, QC and completion
(R-4.1, R-4.2, R-4.3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from orderflow.contracts import production
from orderflow.contracts.types import Verdict
from tests.integration.production.shop import (
    FLOOR,
    answers,
    approved,
    chair,
    key,
    requested,
    work_center,
)
from tests.integration.production.test_assessments import held_hours_per_day
from tests.support.service_app import RunningService, running_service
from tests.unit.production.builders import order

pytestmark = pytest.mark.integration


async def _planned(svc: RunningService) -> tuple[dict, str, str]:  # type: ignore[type-arg]
    cut = await work_center(svc, hours="8")
    paint = await work_center(svc, hours="8", kind="team")
    await chair(svc, ("cut", cut, "1"), ("paint", paint, "0.5"))
    request = requested(order(("CHAIR", "10"), requested=date(2026, 1, 30)))
    await svc.deliver(request)
    await svc.deliver(approved(request))
    [created] = await svc.published("production_plan.created")
    plan_id = created.narrow(production.ProductionPlanCreated).payload.plan_id
    plan = await svc.client.get(f"/v1/plans/{plan_id}", headers=svc.auth(*FLOOR))
    assert plan.status_code == 200, plan.text
    return plan.json(), cut, paint


async def test_approval_makes_a_plan_with_a_task_per_operation_for_the_center_lead(
    tmp_path: Path,
) -> None:
    """R-4.1, R-4.2: operations, schedule per work center, quality standard, named person."""
    async with running_service("production", tmp_path) as svc:
        plan, cut, paint = await _planned(svc)
        [answer] = await answers(svc)
        assert answer.result.verdict is Verdict.PASS
        assert plan["status"] == "in_progress"
        assert "joints hold 120 kg" in plan["quality_standard"]
        assert [
            (t["operation"], t["work_center_id"], t["responsible_person_id"]) for t in plan["tasks"]
        ] == [
            ("cut", cut, "lead-anna"),
            ("paint", paint, "lead-anna"),
        ]
        assert plan["planned_completion_date"] == str(answer.earliest_completion_date)
        assigned = await svc.published("production_task.assigned")
        assert sorted(str(e.payload.task_id) for e in assigned) == sorted(  # type: ignore[attr-defined]
            t["id"] for t in plan["tasks"]
        )


async def test_reassigning_a_task_names_the_new_person_and_is_published(tmp_path: Path) -> None:
    """R-4.2: assign and reassign through REST, with If-Match."""
    async with running_service("production", tmp_path) as svc:
        plan, _, _ = await _planned(svc)
        task = plan["tasks"][0]
        url = f"/v1/tasks/{task['id']}/assignment"
        body = {"responsible_person_id": "worker-ben", "reason": "Anna on leave"}
        missing = await svc.client.put(url, json=body, headers=svc.auth(*FLOOR))
        assert missing.status_code == 428
        stale = await svc.client.put(
            url, json=body, headers={**svc.auth(*FLOOR), "If-Match": '"9"'}
        )
        assert stale.status_code == 412
        moved = await svc.client.put(
            url, json=body, headers={**svc.auth(*FLOOR), "If-Match": '"1"'}
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["responsible_person_id"] == "worker-ben"
        assert moved.headers["ETag"] == '"2"'
        [event] = await svc.published("production_task.reassigned")
        payload = event.narrow(production.ProductionTaskReassigned).payload
        assert (payload.previous_person_id, payload.responsible_person_id) == (
            "lead-anna",
            "worker-ben",
        )
        worklist = await svc.client.get(
            "/v1/tasks?responsible_person_id=worker-ben", headers=svc.auth(*FLOOR)
        )
        assert [t["id"] for t in worklist.json()["items"]] == [task["id"]]


async def test_progress_problems_failed_qc_rework_then_passing_qc_completes(tmp_path: Path) -> None:
    """R-4.3: progress and problems published; QC fail → rework; all done + QC pass → completed."""
    async with running_service("production", tmp_path) as svc:
        plan, _, _ = await _planned(svc)
        headers = svc.auth(*FLOOR)
        cut, paint = plan["tasks"]
        half = await svc.client.post(
            f"/v1/tasks/{cut['id']}/progress",
            json={"quantity_done": "5", "hours_worked": "4"},
            headers={**headers, "If-Match": '"1"'},
        )
        assert half.status_code == 200, half.text
        assert (half.json()["quantity_done"], half.json()["hours_worked"]) == ("5.000", "4.000")
        early = await svc.client.post(
            f"/v1/plans/{plan['id']}/qc-reports",
            json={"passed": True},
            headers={**headers, **key()},
        )
        assert early.status_code == 409, "QC cannot pass while tasks are open"

        raised = await svc.client.post(
            f"/v1/plans/{plan['id']}/problems",
            json={
                "task_id": cut["id"],
                "category": "equipment",
                "description": "saw blade dull",
                "schedule_impact_days": 1,
            },
            headers={**headers, **key()},
        )
        assert raised.status_code == 201, raised.text
        resolved = await svc.client.post(
            f"/v1/problems/{raised.json()['id']}/resolution",
            json={"resolution": "blade replaced"},
            headers={**headers, "If-Match": '"1"'},
        )
        assert resolved.json()["status"] == "resolved"
        problems = await svc.client.get(f"/v1/plans/{plan['id']}/problems", headers=headers)
        assert [(p["description"], p["status"]) for p in problems.json()] == [
            ("saw blade dull", "resolved")
        ]
        assert len(await svc.published("production_problem.raised")) == 1
        assert len(await svc.published("production_problem.resolved")) == 1

        for task, version in ((cut, '"2"'), (paint, '"1"')):
            done = await svc.client.post(
                f"/v1/tasks/{task['id']}/progress",
                json={"done": True, "hours_worked": "2"},
                headers={**headers, "If-Match": version},
            )
            assert done.json()["status"] == "done", done.text
        progress = await svc.published("production_progress.reported")
        assert [
            e.narrow(production.ProductionProgressReported).payload.task_done for e in progress
        ] == [False, True, True]

        measurement = {
            "characteristic": "load-test",
            "expected": "120 kg",
            "actual": "95 kg",
            "passed": False,
        }
        failed = await svc.client.post(
            f"/v1/plans/{plan['id']}/qc-reports",
            json={"passed": False, "measurements": [measurement]},
            headers={**headers, **key()},
        )
        assert failed.status_code == 201, failed.text
        rework_id = failed.json()["rework_task_id"]
        [rework] = await svc.published("production_rework.started")
        assert (
            str(rework.narrow(production.ProductionReworkStarted).payload.rework_task_id)
            == rework_id
        )
        assert "load-test" in rework.payload.reason  # type: ignore[attr-defined]
        assert await svc.published("production.completed") == []

        await svc.client.post(
            f"/v1/tasks/{rework_id}/progress",
            json={"done": True, "hours_worked": "3"},
            headers={**headers, "If-Match": '"1"'},
        )
        passed = await svc.client.post(
            f"/v1/plans/{plan['id']}/qc-reports",
            json={"passed": True},
            headers={**headers, **key()},
        )
        assert passed.json()["plan_status"] == "completed", passed.text
        [completed] = await svc.published("production.completed")
        assert completed.narrow(production.ProductionCompleted).payload.quantity == 10
        qc = await svc.published("quality_check.reported")
        assert [e.payload.passed for e in qc] == [False, True]  # type: ignore[attr-defined]


async def test_a_customer_sees_only_its_own_plans(tmp_path: Path) -> None:
    """DESIGN §6: another customer's plan is a 404, never a 200."""
    async with running_service("production", tmp_path) as svc:
        plan, _, _ = await _planned(svc)
        stranger = svc.auth(
            *FLOOR, kind="customer", customer_id="00000000-0000-0000-0000-000000000001"
        )
        assert (
            await svc.client.get(f"/v1/plans/{plan['id']}", headers=stranger)
        ).status_code == 404
        task_id = plan["tasks"][0]["id"]
        assert (await svc.client.get(f"/v1/tasks/{task_id}", headers=stranger)).status_code == 404
        listed = await svc.client.get("/v1/plans", headers=stranger)
        assert listed.json()["items"] == []
        their_tasks = await svc.client.get("/v1/tasks", headers=stranger)
        assert their_tasks.json()["items"] == []
        problems = await svc.client.get(f"/v1/plans/{plan['id']}/problems", headers=stranger)
        assert problems.status_code == 404
        staff = await svc.client.get("/v1/plans", headers=svc.auth(*FLOOR))
        assert [p["id"] for p in staff.json()["items"]] == [plan["id"]]
        due = plan["planned_completion_date"]
        by_date = await svc.client.get(
            f"/v1/plans?completion_from={due}&completion_to={due}&status=in_progress",
            headers=svc.auth(*FLOOR),
        )
        assert [p["id"] for p in by_date.json()["items"]] == [plan["id"]]
        later = await svc.client.get(
            "/v1/plans?completion_from=2027-01-01", headers=svc.auth(*FLOOR)
        )
        assert later.json()["items"] == []


async def test_on_postgresql_and_kafka_a_plan_runs_to_completion(
    tmp_path: Path, postgres_url: str, kafka_bootstrap: str
) -> None:
    """R-4.1–R-4.3 on the real parts: plan, progress under row locks, QC pass, completion."""
    async with running_service(
        "production", tmp_path, database_url=postgres_url, kafka_bootstrap=kafka_bootstrap
    ) as svc:
        plan, _, _ = await _planned(svc)
        headers = svc.auth(*FLOOR)
        for task in plan["tasks"]:
            done = await svc.client.post(
                f"/v1/tasks/{task['id']}/progress",
                json={"done": True, "hours_worked": "5"},
                headers={**headers, "If-Match": '"1"'},
            )
            assert done.status_code == 200, done.text
        passed = await svc.client.post(
            f"/v1/plans/{plan['id']}/qc-reports",
            json={"passed": True},
            headers={**headers, **key()},
        )
        assert passed.json()["plan_status"] == "completed", passed.text
        assert len(await svc.published("production.completed")) == 1


async def test_a_rework_task_books_free_hours_so_no_other_order_gets_them(tmp_path: Path) -> None:
    """R-4.3, R-3.1: rework after a failed QC books capacity like any task: never double-booked."""
    async with running_service("production", tmp_path) as svc:
        wc = await work_center(svc, hours="8")
        await chair(svc, ("assemble", wc, "4"))
        first = requested(order(("CHAIR", "2"), requested=date(2026, 1, 30)))
        await svc.deliver(first)
        await svc.deliver(approved(first))
        [created] = await svc.published("production_plan.created")
        plan_id = created.narrow(production.ProductionPlanCreated).payload.plan_id
        tuesday, wednesday = date(2026, 1, 6), date(2026, 1, 7)
        assert await held_hours_per_day(svc) == {tuesday: 8}

        failed = await svc.client.post(
            f"/v1/plans/{plan_id}/qc-reports",
            json={"passed": False, "rework_reason": "joints loose"},
            headers={**svc.auth(*FLOOR), **key()},
        )
        assert failed.status_code == 201, failed.text
        task_url = f"/v1/tasks/{failed.json()['rework_task_id']}"
        rework = (await svc.client.get(task_url, headers=svc.auth(*FLOOR))).json()
        assert (rework["start_on"], rework["end_on"]) == (wednesday.isoformat(),) * 2
        assert await held_hours_per_day(svc) == {tuesday: 8, wednesday: 8}

        await svc.deliver(requested(order(("CHAIR", "2"), requested=wednesday)))
        late = (await answers(svc))[-1]
        assert late.result.verdict is Verdict.FAIL, "the rework's hours are not free"
        assert late.capacity_shortfalls
