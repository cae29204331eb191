"""HTTP basics every service runs the same way: problems, logs, metrics, health, auth,
idempotency keys and ETags.

A service's `create_app` wires them like this:

    app = FastAPI(...)
    app.state.auth = AuthConfig.from_settings(settings)
    install_problem_handlers(app)
    metrics = ServiceMetrics("intake")
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(CorrelationMiddleware, service="intake")
    app.include_router(health_router({"database": database_check(engine), ...}))
    app.include_router(metrics_router(metrics))
"""

from orderflow.runtime.web.auth import (
    AuthConfig,
    Kind,
    Principal,
    PrincipalDep,
    authenticate,
    decode_token,
    mint_token,
    require_scopes,
    require_staff,
)
from orderflow.runtime.web.etag import check_if_match, etag_for, set_etag
from orderflow.runtime.web.health import (
    Check,
    CheckResult,
    database_check,
    health_router,
    outbox_age_check,
)
from orderflow.runtime.web.idempotency import (
    IdempotencySlot,
    idempotency_key,
    idempotency_key_parameter,
    idempotent,
)
from orderflow.runtime.web.logging import (
    CorrelationMiddleware,
    JsonFormatter,
    configure_logging,
    correlation_id,
    traceparent,
)
from orderflow.runtime.web.metrics import MetricsMiddleware, ServiceMetrics, metrics_router
from orderflow.runtime.web.openapi import Problem, problem_responses
from orderflow.runtime.web.paging import Cursor, Limit, decode_cursor, encode_cursor, next_cursor
from orderflow.runtime.web.problems import (
    ProblemError,
    install_problem_handlers,
    not_found,
    problem_type,
)

__all__ = [
    "AuthConfig",
    "Check",
    "CheckResult",
    "CorrelationMiddleware",
    "Cursor",
    "IdempotencySlot",
    "JsonFormatter",
    "Kind",
    "Limit",
    "MetricsMiddleware",
    "Principal",
    "PrincipalDep",
    "Problem",
    "ProblemError",
    "ServiceMetrics",
    "authenticate",
    "check_if_match",
    "configure_logging",
    "correlation_id",
    "database_check",
    "decode_cursor",
    "decode_token",
    "encode_cursor",
    "etag_for",
    "health_router",
    "idempotency_key",
    "idempotency_key_parameter",
    "idempotent",
    "install_problem_handlers",
    "metrics_router",
    "mint_token",
    "next_cursor",
    "not_found",
    "outbox_age_check",
    "problem_responses",
    "problem_type",
    "require_scopes",
    "require_staff",
    "set_etag",
    "traceparent",
]
