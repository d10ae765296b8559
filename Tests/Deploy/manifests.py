"""Rendering the kustomize overlays and finding things in the output."""

import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
# A copy of k8s/ can be checked instead (e.g. to see a broken manifest fail).
K8S = Path(os.environ.get("BASEBOOK_K8S_DIR", REPO / "k8s")).resolve()
DOCKER = Path(os.environ.get("BASEBOOK_DOCKER_DIR", REPO / "docker")).resolve()

ENVIRONMENTS = ("production", "staging")
NAMESPACE = {"production": "basebook", "staging": "basebook-staging"}
COMPONENTS = ("backend", "router", "frontend")


def kubectl() -> str:
    found = shutil.which("kubectl") or str(Path(sys.executable).parent / "kubectl")
    if not Path(found).exists():
        raise RuntimeError("kubectl not found: run the tests through scripts/test-deploy.sh")
    return found


class KubernetesLoader(yaml.SafeLoader):
    """Reads scalars as Kubernetes' own YAML parser does. kustomize writes a
    20-byte hex address (FACTORY_ADDRESS) unquoted: Go's parser fails to fit
    it in 64 bits and keeps the string, PyYAML would make it a huge int."""

    def construct_yaml_int(self, node):
        value = super().construct_yaml_int(node)
        if not -(2**63) <= value < 2**64:
            return self.construct_scalar(node)
        return value


KubernetesLoader.add_constructor("tag:yaml.org,2002:int", KubernetesLoader.construct_yaml_int)


def load_all(text: str) -> list[dict]:
    return [d for d in yaml.load_all(text, Loader=KubernetesLoader) if d]


def render(directory: Path) -> list[dict]:
    out = subprocess.run([kubectl(), "kustomize", str(directory)], check=True,
                         capture_output=True, text=True).stdout
    return load_all(out)


def load_yaml_documents(path: Path) -> list[dict]:
    return load_all(path.read_text())


class Rendered:
    """One overlay's rendered objects, looked up by kind and name."""

    def __init__(self, environment: str, documents: list[dict]):
        self.environment = environment
        self.documents = documents

    def all(self, kind: str) -> list[dict]:
        return [d for d in self.documents if d["kind"] == kind]

    def get(self, kind: str, name: str) -> dict:
        found = [d for d in self.all(kind) if d["metadata"]["name"] == name]
        assert len(found) == 1, f"{self.environment}: expected one {kind} {name}, found {len(found)}"
        return found[0]

    def deployment(self, component: str) -> dict:
        return self.get("Deployment", component)

    def pod_spec(self, component: str) -> dict:
        return self.deployment(component)["spec"]["template"]["spec"]

    def container(self, component: str) -> dict:
        containers = self.pod_spec(component)["containers"]
        assert len(containers) == 1, f"{component}: one container expected"
        return containers[0]

    def config_map(self, component: str) -> dict:
        return self.get("ConfigMap", f"{component}-config")["data"]


def component_of(labels: dict) -> str | None:
    return labels.get("component")


_CPU = re.compile(r"^(\d+(?:\.\d+)?)(m?)$")
_MEMORY_UNITS = {"": 1, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40,
                 "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}


def cpu_millicores(quantity) -> Fraction:
    match = _CPU.match(str(quantity))
    assert match, f"unparsable CPU quantity {quantity!r}"
    value = Fraction(match.group(1))
    return value if match.group(2) else value * 1000


def memory_bytes(quantity) -> int:
    match = re.match(r"^(\d+)([KMGT]i?|k)?$", str(quantity))
    assert match, f"unparsable memory quantity {quantity!r}"
    return int(match.group(1)) * _MEMORY_UNITS[match.group(2) or ""]


def container_env_names(rendered: Rendered, container: dict) -> dict[str, str]:
    """Every variable a container gets, mapped to where it comes from
    ("configmap:NAME", "secret:NAME" or "literal")."""
    names: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            ref = source["configMapRef"]["name"]
            for key in rendered.get("ConfigMap", ref)["data"]:
                names[key] = f"configmap:{ref}"
        elif "secretRef" in source:
            raise AssertionError("envFrom secretRef hides which keys a container reads; use secretKeyRef")
    for entry in container.get("env", []):
        value_from = entry.get("valueFrom", {})
        if "secretKeyRef" in value_from:
            names[entry["name"]] = f"secret:{value_from['secretKeyRef']['name']}"
        elif "configMapKeyRef" in value_from:
            names[entry["name"]] = f"configmap:{value_from['configMapKeyRef']['name']}"
        else:
            names[entry["name"]] = "literal"
    return names


def named_port(container: dict, port) -> int:
    if isinstance(port, int):
        return port
    for entry in container.get("ports", []):
        if entry.get("name") == port:
            return entry["containerPort"]
    raise AssertionError(f"container {container['name']} has no port named {port!r}")


def main(argv: list[str]) -> int:
    """`python manifests.py DIR OUT`: renders the kustomization in DIR to OUT
    with every scalar typed as Kubernetes reads it (strings that look like
    numbers quoted), for tools that parse YAML with PyYAML."""
    directory, out = argv
    Path(out).write_text(yaml.safe_dump_all(render(Path(directory)), sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
