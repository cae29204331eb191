"""Rules as data through REST: credit profiles, receivables, price lists, payment terms,
thresholds; every change is a new version, and only rounds opened after it use it (R-3.2)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.review import rule_store
from orderflow.review.domain.rules import (
    CreditProfile,
    PaymentTermPolicy,
    PriceList,
    Receivables,
    RuleData,
)
from orderflow.review.schemas import RuleRecordPage, RuleRecordPublic
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    ProblemError,
    check_if_match,
    decode_cursor,
    encode_cursor,
    etag_for,
    idempotency_key_parameter,
    idempotent,
    not_found,
    problem_responses,
    require_scopes,
    set_etag,
)

# Company-wide thresholds belong to review managers; each kind of rule record to the
# department whose check uses it (sales: credit, prices; finance: receivables, terms).
READ, WRITE = "review:rules:read", "review:rules:write"
Reader = Annotated[Principal, require_scopes(READ)]
Writer = Annotated[Principal, require_scopes(WRITE)]


def rule_scopes(department: str) -> tuple[str, str]:
    """The read and write scopes of one department's rule records."""
    return f"review:{department}:rules:read", f"review:{department}:rules:write"


router = APIRouter(tags=["rules"])


@dataclass(frozen=True)
class RuleKind:
    kind: str
    path: str
    model: type[RuleData]
    key_of: Callable[[Any], str]
    department: str


KINDS = (
    RuleKind(
        rule_store.CREDIT, "credit-profiles", CreditProfile, lambda r: str(r.customer_id), "sales"
    ),
    RuleKind(rule_store.PRICE_LIST, "price-lists", PriceList, lambda r: r.currency, "sales"),
    RuleKind(
        rule_store.RECEIVABLES,
        "receivables",
        Receivables,
        lambda r: str(r.customer_id),
        "finance",
    ),
    RuleKind(
        rule_store.PAYMENT_TERMS,
        "payment-term-policies",
        PaymentTermPolicy,
        lambda r: r.tier,
        "finance",
    ),
)


def public(record: rule_store.RuleRecord) -> RuleRecordPublic:
    return RuleRecordPublic(
        kind=record.kind,
        key=record.key,
        version=record.version,
        rules_version=f"rules-v{record.seq}",
        changed_at=record.changed_at,
        changed_by=record.changed_by,
        data=record.data,
    )


async def _found(session: AsyncSession, kind: str, key: str) -> rule_store.RuleRecord:
    record = await rule_store.latest(session, kind, key)
    if record is None:
        raise not_found("Rule record", f"{kind} {key}")
    return record


async def update_record(
    session: AsyncSession,
    request: Request,
    response: Response,
    kind: str,
    key: str,
    body: RuleData,
    principal: Principal,
    now: datetime,
    *,
    current_version: int,
) -> RuleRecordPublic:
    """Write the next version if the caller read the current one (If-Match)."""
    check_if_match(request, current_version)
    try:
        record = await rule_store.write(
            session,
            kind,
            key,
            body.model_dump(mode="json"),
            version=current_version + 1,
            by=principal.subject,
            now=now,
        )
    except IntegrityError:  # a concurrent writer took this version
        raise ProblemError(412, "precondition-failed", "Precondition failed") from None
    set_etag(response, record.version)
    return public(record)


def add_routes(spec: RuleKind) -> None:
    """The five routes of one kind of rule record; `body` is typed with the kind's model."""
    path, kind = f"/{spec.path}", spec.kind
    read_scope, write_scope = rule_scopes(spec.department)
    Reader = Annotated[Principal, require_scopes(read_scope)]  # noqa: N806 - a type alias
    Writer = Annotated[Principal, require_scopes(write_scope)]  # noqa: N806 - a type alias

    async def create(
        body: Any, request: Request, session: SessionDep, now: NowDep, principal: Writer
    ) -> Response:
        async with idempotent(session, request, principal.subject) as slot:
            if slot.replay is not None:
                return slot.replay
            key = spec.key_of(body)
            if await rule_store.latest(session, kind, key) is not None:
                raise ProblemError(
                    409,
                    "already-exists",
                    "Already exists",
                    f"{kind} {key} exists; PUT a new version",
                )
            try:
                record = await rule_store.write(
                    session,
                    kind,
                    key,
                    body.model_dump(mode="json"),
                    version=1,
                    by=principal.subject,
                    now=now,
                )
            except IntegrityError:
                raise ProblemError(
                    409, "already-exists", "Already exists", f"{kind} {key} exists"
                ) from None
            headers = {"ETag": etag_for(1), "Location": f"{request.url.path}/{key}"}
            return await slot.store(201, public(record).model_dump(mode="json"), headers)

    async def replace(
        key: str,
        body: Any,
        request: Request,
        response: Response,
        session: SessionDep,
        now: NowDep,
        principal: Writer,
    ) -> RuleRecordPublic:
        if spec.key_of(body) != key:
            raise ProblemError(
                422,
                "key-mismatch",
                "Key mismatch",
                f"the body is for {spec.key_of(body)}, the path for {key}",
            )
        async with session.begin():
            current = await _found(session, kind, key)
            return await update_record(
                session,
                request,
                response,
                kind,
                key,
                body,
                principal,
                now,
                current_version=current.version,
            )

    async def read(
        key: str, response: Response, session: SessionDep, _: Reader
    ) -> RuleRecordPublic:
        record = await _found(session, kind, key)
        set_etag(response, record.version)
        return public(record)

    async def versions(key: str, session: SessionDep, _: Reader) -> list[RuleRecordPublic]:
        await _found(session, kind, key)
        return [public(r) for r in await rule_store.history(session, kind, key)]

    async def listing(
        session: SessionDep, _: Reader, cursor: Cursor = None, limit: Limit = 50
    ) -> RuleRecordPage:
        records = await rule_store.current_page(session, kind, decode_cursor(cursor), limit + 1)
        page = records[:limit]
        return RuleRecordPage(
            items=[public(r) for r in page],
            next_cursor=encode_cursor(page[-1].key) if len(records) > limit else None,
        )

    # FastAPI reads the body's model from the annotation; it is this kind's model.
    create.__annotations__["body"] = spec.model
    replace.__annotations__["body"] = spec.model
    tags: list[str | Any] = [spec.path]
    router.add_api_route(
        path,
        create,
        methods=["POST"],
        status_code=201,
        response_model=RuleRecordPublic,
        tags=tags,
        openapi_extra=idempotency_key_parameter(),
        responses=problem_responses(400, 401, 403, 409, 422),
        name=f"create_{kind}",
    )
    router.add_api_route(path, listing, methods=["GET"], tags=tags, name=f"list_{kind}")
    router.add_api_route(
        f"{path}/{{key}}",
        read,
        methods=["GET"],
        tags=tags,
        responses=problem_responses(404),
        name=f"read_{kind}",
    )
    router.add_api_route(
        f"{path}/{{key}}",
        replace,
        methods=["PUT"],
        tags=tags,
        responses=problem_responses(404, 412, 422, 428),
        name=f"update_{kind}",
    )
    router.add_api_route(
        f"{path}/{{key}}/versions", versions, methods=["GET"], tags=tags, name=f"versions_of_{kind}"
    )


for rule_kind in KINDS:
    add_routes(rule_kind)
