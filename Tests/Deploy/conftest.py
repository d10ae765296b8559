import pytest

from manifests import ENVIRONMENTS, K8S, Rendered, render


@pytest.fixture(scope="session")
def rendered_overlays() -> dict[str, Rendered]:
    return {env: Rendered(env, render(K8S / "overlays" / env)) for env in ENVIRONMENTS}


@pytest.fixture(params=ENVIRONMENTS)
def rendered(request, rendered_overlays) -> Rendered:
    """Each test taking this runs once on production and once on staging."""
    return rendered_overlays[request.param]


@pytest.fixture(scope="session")
def monitoring() -> list[dict]:
    return render(K8S / "monitoring")
