"""Background jobs (django-tasks): every job runs with the `job` audit channel.

Jobs are thin: they load ids and call a service; they are idempotent so a worker can run one twice
after a crash without changing the outcome.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from glacy.core.context import origin

FunctionT = TypeVar("FunctionT", bound=Callable[..., Any])


def runs_as_job(function: FunctionT) -> FunctionT:
    """Mark writes made by `function` as coming from a background job (wrap it before @task)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with origin("job"):
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
