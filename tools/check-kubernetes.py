#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Offline checks of the MLOps capstone's Kubernetes manifests and CI workflow (tools/check-deploy.sh).

    check-kubernetes.py kustomizations                  the kustomization files suit kustomize v2.0.3 and v5
    check-kubernetes.py objects NAME=RENDERED.yaml...   every object of each rendered overlay
    check-kubernetes.py negative RENDERED.yaml WORKFLOW purpose-broken copies must be refused
    check-kubernetes.py rules [--write]                 monitoring/prometheusrule.yaml == rules.yml
    check-kubernetes.py workflow WORKFLOW RENDERED.yaml the CI/CD workflow's jobs and references

`objects` checks each object of `kubectl kustomize` / `kustomize build` output against the types
of Debian's python3-kubernetes (the Kubernetes API's OpenAPI types, generated into the client's
models: every field's JSON name in `attribute_map`, its type in `openapi_types`, and the required
fields as the setters that refuse None):
  - apiVersion/kind: the client must serve that kind in that group/version (an API class such as
    AppsV1Api with a create_namespaced_deployment method) and have its model (V1Deployment);
  - every field, at every depth: unknown names (with the nearest known name), wrong types (a
    string where an integer goes, a number where a string goes, a mapping where a list goes),
    missing required fields; resource quantities and int-or-string fields as the API reads them;
  - metadata names and label keys/values against Kubernetes' syntax.
The Prometheus Operator's ServiceMonitor and PrometheusRule are custom resources: no Debian
package has their schema, so they are checked against the small schema below (CRD_TYPES), written
from the operator's API reference (monitoring.coreos.com/v1); a field it does not list is refused.

python3-kubernetes 22.6 (Debian 12) predates autoscaling/v2 (Kubernetes 1.23): there, an
autoscaling/v2 HorizontalPodAutoscaler is checked against autoscaling/v2beta2's types, which are
field for field those of v2 (compared with Debian 13's python3-kubernetes 30.1), and the output
says so.

Then the objects against each other, what no schema sees (and `kubectl apply` mostly accepts): the
selectors select something, named ports and referenced ConfigMaps, claims and accounts exist, the
HPA's target has CPU requests and no fixed replica count, the PDB leaves an evictable Pod, a GPU
container tolerates the GPU taint, images carry a tag, the grace period outlasts the drain.

Run with Debian's interpreter (/usr/bin/python3), which sees Debian's python3-kubernetes.
"""
import copy
import difflib
import inspect
import os
import re
import sys
from collections import defaultdict

try:
    import yaml
except ImportError:
    sys.exit("check-kubernetes: python3-yaml is missing (apt-get install python3-yaml)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPLOY = os.path.join(ROOT, "projects", "mlops", "deploy")
RULES = os.path.join(DEPLOY, "prometheus", "rules.yml")
PROMETHEUSRULE = os.path.join(DEPLOY, "kubernetes", "monitoring", "prometheusrule.yaml")
NAME_LABEL = ("app.kubernetes.io/name", "fashion-cnn")

# ---------------------------------------------------------------------------------------------
# The Prometheus Operator's custom resources, from its API reference (monitoring.coreos.com/v1,
# https://prometheus-operator.dev/docs/api-reference/api/): the fields of ServiceMonitor and
# PrometheusRule, with the JSON names and types the CRDs give them. Types: str, int, bool,
# duration (the CRDs' pattern), int-or-string, enum:A|B, list[T], dict(str, T), a Kubernetes
# model (V1ObjectMeta, V1LabelSelector...), another entry of this table, or `any` (a structure
# this table does not describe further: TLS, authorization; accepted as any mapping).
DURATION = re.compile(r"^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$")
CRD_TYPES = {
    "monitoring.coreos.com/v1/ServiceMonitor": {
        "fields": {"apiVersion": "str", "kind": "str", "metadata": "V1ObjectMeta", "spec": "ServiceMonitorSpec"},
        "required": ["spec"],
    },
    "ServiceMonitorSpec": {
        "fields": {
            "jobLabel": "str", "targetLabels": "list[str]", "podTargetLabels": "list[str]",
            "endpoints": "list[Endpoint]", "selector": "V1LabelSelector",
            "selectorMechanism": "enum:RelabelConfig|RoleSelector",
            "namespaceSelector": "NamespaceSelector", "sampleLimit": "int", "targetLimit": "int",
            "scrapeProtocols": "list[str]", "fallbackScrapeProtocol": "str", "labelLimit": "int",
            "labelNameLengthLimit": "int", "labelValueLengthLimit": "int", "scrapeClassicHistograms": "bool",
            "nativeHistogramBucketLimit": "int", "nativeHistogramMinBucketFactor": "int-or-string",
            "convertClassicHistogramsToNHCB": "bool", "keepDroppedTargets": "int", "attachMetadata": "AttachMetadata",
            "scrapeClass": "str", "bodySizeLimit": "str", "serviceDiscoveryRole": "enum:Endpoints|EndpointSlice",
        },
        # The CRD requires the selector; an empty endpoint list scrapes nothing, so it is required here.
        "required": ["selector", "endpoints"],
    },
    "NamespaceSelector": {"fields": {"any": "bool", "matchNames": "list[str]"}},
    "AttachMetadata": {"fields": {"node": "bool"}},
    "Endpoint": {
        "fields": {
            "port": "str", "targetPort": "int-or-string", "path": "str", "scheme": "enum:http|https|HTTP|HTTPS",
            "params": "dict(str, list[str])", "interval": "duration", "scrapeTimeout": "duration",
            "tlsConfig": "any", "bearerTokenFile": "str", "bearerTokenSecret": "any", "authorization": "any",
            "honorLabels": "bool", "honorTimestamps": "bool", "trackTimestampsStaleness": "bool", "basicAuth": "any",
            "oauth2": "any", "metricRelabelings": "list[RelabelConfig]", "relabelings": "list[RelabelConfig]",
            "proxyUrl": "str", "noProxy": "str", "proxyFromEnvironment": "bool", "proxyConnectHeader": "any",
            "followRedirects": "bool", "enableHttp2": "bool", "filterRunning": "bool",
        },
    },
    "RelabelConfig": {
        "fields": {
            "sourceLabels": "list[str]", "separator": "str", "targetLabel": "str", "regex": "str", "modulus": "int",
            "replacement": "str",
            "action": "enum:replace|Replace|keep|Keep|drop|Drop|hashmod|HashMod|labelmap|LabelMap|labeldrop|LabelDrop"
                      "|labelkeep|LabelKeep|lowercase|Lowercase|uppercase|Uppercase|keepequal|KeepEqual|dropequal|DropEqual",
        },
    },
    "monitoring.coreos.com/v1/PrometheusRule": {
        "fields": {"apiVersion": "str", "kind": "str", "metadata": "V1ObjectMeta", "spec": "PrometheusRuleSpec"},
        "required": ["spec"],
    },
    "PrometheusRuleSpec": {"fields": {"groups": "list[RuleGroup]"}},
    "RuleGroup": {
        "fields": {
            "name": "str", "labels": "dict(str, str)", "interval": "duration", "query_offset": "duration",
            "rules": "list[Rule]", "partial_response_strategy": "str", "limit": "int",
        },
        "required": ["name"],
    },
    "Rule": {
        "fields": {
            "record": "str", "alert": "str", "expr": "int-or-string", "for": "duration", "keep_firing_for": "duration",
            "labels": "dict(str, str)", "annotations": "dict(str, str)",
        },
        "required": ["expr"],
    },
}

QUANTITY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
LABEL_NAME = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
INT_OR_STRING_KEYS = {"port", "targetPort", "minAvailable", "maxUnavailable", "maxSurge", "partition"}


def load_client():
    """Debian's python3-kubernetes: its version and its client package."""
    try:
        import kubernetes
        import kubernetes.client as client
    except ImportError as e:
        sys.exit(f"check-kubernetes: python3-kubernetes is missing ({e}): apt-get install python3-kubernetes "
                 f"(this is {sys.executable}; Debian's package is seen by /usr/bin/python3)")
    return kubernetes.__version__, client


class Schema:
    """The types of python3-kubernetes' models, plus CRD_TYPES, as {JSON field: type} tables."""

    def __init__(self, client):
        self.client = client
        self.notes = set()
        self._fields = {}

    def snake(self, kind):
        return re.sub(r"(?<!^)(?=[A-Z])", "_", kind).lower()

    def resolve(self, api_version, kind):
        """The type name of a top-level object, or raises ValueError with the reason."""
        if not isinstance(api_version, str) or not isinstance(kind, str):
            raise ValueError("apiVersion and kind must be strings")
        crd = f"{api_version}/{kind}"
        if crd in CRD_TYPES:
            return crd
        if api_version.startswith("monitoring.coreos.com/"):
            raise ValueError(f"{kind} is not a kind of {api_version} known to this check (CRD_TYPES has "
                             f"{', '.join(k for k in CRD_TYPES if k.startswith('monitoring'))})")
        group, _, version = api_version.rpartition("/")
        if not re.fullmatch(r"v\d+((alpha|beta)\d+)?", version):
            raise ValueError(f"'{api_version}' is not a group/version")
        version = version.capitalize()
        group_class = "".join(p.capitalize() for p in group.replace(".k8s.io", "").split(".")) or "Core"

        def serves(g, v):
            api = getattr(self.client, f"{g}{v}Api", None)
            s = self.snake(kind)
            return api is not None and (hasattr(api, f"create_namespaced_{s}") or hasattr(api, f"create_{s}")), api

        ok, api = serves(group_class, version)
        if ok and hasattr(self.client, version + kind):
            return version + kind
        if api is None and (group, version) == ("autoscaling", "V2") and serves("Autoscaling", "V2beta2")[0]:
            self.notes.add(f"python3-kubernetes predates autoscaling/v2: {kind} autoscaling/v2 is checked against "
                           "autoscaling/v2beta2's types (the same fields and types as v2's in python3-kubernetes 30.1)")
            return "V2beta2" + kind
        if api is None:
            raise ValueError(f"the API group/version '{api_version}' does not exist (no {group_class}{version}Api "
                             f"in python3-kubernetes)")
        served = sorted({re.sub(r"^(create|list)_(namespaced_)?", "", m) for m in dir(api)
                         if re.match(r"create_(namespaced_)?[a-z_]+$", m)})
        near = difflib.get_close_matches(self.snake(kind), served, 1)
        hint = f" (did you mean {self._camel(near[0])}?)" if near else ""
        raise ValueError(f"{api_version} has no kind '{kind}'{hint}")

    @staticmethod
    def _camel(snake):
        return "".join(p.capitalize() for p in snake.split("_"))

    def fields(self, type_name):
        """({JSON name: type}, {required JSON names}) of a model or CRD type."""
        if type_name in self._fields:
            return self._fields[type_name]
        if type_name in CRD_TYPES:
            t = CRD_TYPES[type_name]
            result = (t["fields"], set(t.get("required", ())))
        else:
            cls = getattr(self.client, type_name)
            names = cls.attribute_map
            source = inspect.getsource(cls)
            required = set(re.findall(r"Invalid value for `(\w+)`, must not be `None`", source))
            result = ({names[a]: t for a, t in cls.openapi_types.items()}, {names[a] for a in required if a in names})
        self._fields[type_name] = result
        return result

    def check(self, value, type_name, path, errors, key=None, owner=None):
        """Appends to errors every way value is not of type type_name (a JSON path in messages)."""
        if value is None:
            return  # null is "not set" to the API server; a required field is caught by its owner
        m = re.fullmatch(r"list\[(.+)\]", type_name)
        if m:
            if not isinstance(value, list):
                errors.append(f"{path}: expected a list, found {describe(value)}")
                return
            for i, item in enumerate(value):
                self.check(item, m.group(1), f"{path}[{i}]", errors, key, owner)
            return
        m = re.fullmatch(r"dict\(str, (.+)\)", type_name)
        if m:
            if not isinstance(value, dict):
                errors.append(f"{path}: expected a mapping, found {describe(value)}")
                return
            for k, v in value.items():
                if not isinstance(k, str):
                    errors.append(f"{path}: the key {k!r} must be a string")
                self.check(v, m.group(1), f"{path}.{k}", errors, key, owner)
            return
        if type_name == "str":
            if is_quantity(owner, key):
                if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not QUANTITY.match(str(value)):
                    errors.append(f"{path}: {value!r} is not a resource quantity (e.g. 250m, 1, 128Mi)")
            elif not isinstance(value, str):
                errors.append(f"{path}: expected a string, found {describe(value)} (quote it)")
            return
        if type_name == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append(f"{path}: expected an integer, found {describe(value)}")
            return
        if type_name == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                errors.append(f"{path}: expected a number, found {describe(value)}")
            return
        if type_name == "bool":
            if not isinstance(value, bool):
                errors.append(f"{path}: expected true or false, found {describe(value)}")
            return
        if type_name == "datetime":
            return  # only in server-written fields (creationTimestamp: null from old kustomize)
        if type_name == "int-or-string" or (type_name == "object" and key in INT_OR_STRING_KEYS):
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                errors.append(f"{path}: expected an integer or a string, found {describe(value)}")
            return
        if type_name in ("object", "any"):
            return  # free-form in the schema
        if type_name == "duration":
            if not isinstance(value, str) or not DURATION.match(value):
                errors.append(f"{path}: {value!r} is not a Prometheus duration (e.g. 15s, 1m30s)")
            return
        if type_name.startswith("enum:"):
            allowed = type_name[5:].split("|")
            if value not in allowed:
                errors.append(f"{path}: {value!r} is not one of {', '.join(allowed)}")
            return
        # a model
        if not isinstance(value, dict):
            errors.append(f"{path}: expected a mapping ({type_name}), found {describe(value)}")
            return
        fields, required = self.fields(type_name)
        for k, v in value.items():
            if k not in fields:
                near = difflib.get_close_matches(str(k), list(fields), 1)
                errors.append(f"{path}: unknown field '{k}' in {pretty(type_name)}"
                              + (f" (did you mean '{near[0]}'?)" if near else ""))
                continue
            self.check(v, fields[k], f"{path}.{k}", errors, k, type_name)
        for r in sorted(required):
            if value.get(r) is None:
                errors.append(f"{path}: the required field '{r}' of {pretty(type_name)} is missing")


def pretty(type_name):
    return type_name.rsplit("/", 1)[-1]


def is_quantity(owner, key):
    """Whether a `str` field of the client's models is a resource.Quantity (which also reads numbers)."""
    if owner is None:
        return False
    return ((owner.endswith("ResourceRequirements") and key in ("limits", "requests"))
            or (owner.endswith("EmptyDirVolumeSource") and key == "sizeLimit")
            or (owner.endswith("MetricTarget") and key in ("averageValue", "value")))


def describe(value):
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def name_of(obj):
    meta = obj.get("metadata") if isinstance(obj, dict) else None
    return f"{obj.get('kind', '?')}/{meta.get('name', '?') if isinstance(meta, dict) else '?'}"


def check_metadata(obj, errors):
    meta = obj.get("metadata") or {}
    name = meta.get("name")
    if not isinstance(name, str) or len(name) > 253 or not DNS_SUBDOMAIN.match(name):
        errors.append(f"metadata.name: {name!r} is not a DNS-1123 name (lower case letters, digits, '-', '.')")
    for field in ("labels",):
        for k, v in (meta.get(field) or {}).items():
            prefix, _, local = str(k).rpartition("/")
            if (prefix and not DNS_SUBDOMAIN.match(prefix)) or len(local) > 63 or not LABEL_NAME.match(local):
                errors.append(f"metadata.labels: {k!r} is not a valid label key")
            if not isinstance(v, str) or len(v) > 63 or not LABEL_VALUE.match(v):
                errors.append(f"metadata.labels.{k}: {v!r} is not a valid label value (a string of at most 63 "
                              "letters, digits, '-', '_', '.')")


def check_schema(schema, obj):
    """The schema errors of one top-level object."""
    errors = []
    if not isinstance(obj, dict):
        return [f"a document is {describe(obj)}, not an object"]
    for f in ("apiVersion", "kind", "metadata"):
        if obj.get(f) is None:
            errors.append(f"the required field '{f}' is missing")
    if errors:
        return errors
    try:
        type_name = schema.resolve(obj["apiVersion"], obj["kind"])
    except ValueError as e:
        return [f"apiVersion {obj['apiVersion']!r}, kind {obj['kind']!r}: {e}"]
    schema.check(obj, type_name, "", errors)
    check_metadata(obj, errors)
    return [e[1:] if e.startswith(".") else e for e in errors]


# ---------------------------------------------------------------------------------------------
# The objects against each other.

def selects(selector, labels):
    """Whether a LabelSelector (or a plain map, as a Service's) selects these labels."""
    if not isinstance(selector, dict) or not selector:
        return False
    labels = labels or {}
    if "matchLabels" not in selector and "matchExpressions" not in selector:
        return all(labels.get(k) == v for k, v in selector.items())
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for e in selector.get("matchExpressions") or []:
        op, key, values = e.get("operator"), e.get("key"), e.get("values") or []
        if ((op == "In" and labels.get(key) not in values) or (op == "NotIn" and labels.get(key) in values)
                or (op == "Exists" and key not in labels) or (op == "DoesNotExist" and key in labels)):
            return False
    return True


def pod_templates(obj):
    """(path, pod template) of a workload object."""
    kind, spec = obj.get("kind"), obj.get("spec") or {}
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
        return [("spec.template", spec.get("template") or {})]
    if kind == "CronJob":
        job = (spec.get("jobTemplate") or {}).get("spec") or {}
        return [("spec.jobTemplate.spec.template", job.get("template") or {})]
    return []


def drain_seconds(container):
    """The --drain-ms of a `project_mlops serve` command, in seconds (None when not the server)."""
    cmd = [str(c) for c in (container.get("command") or []) + (container.get("args") or [])]
    if "serve" not in cmd or not any(c.endswith("project_mlops") for c in cmd):
        return None
    ms = 2000
    if "--drain-ms" in cmd and cmd.index("--drain-ms") + 1 < len(cmd):
        ms = int(cmd[cmd.index("--drain-ms") + 1])
    return ms / 1000


def cross_check(objs):
    """(where, message) for every inconsistency between the objects of one rendered overlay."""
    errors = []

    def err(obj, msg):
        errors.append((name_of(obj), msg))

    by_kind = defaultdict(dict)
    for o in objs:
        by_kind[o["kind"]][o["metadata"]["name"]] = o
    namespaces = {o["metadata"].get("namespace") for o in objs if o["kind"] != "Namespace"}
    declared = set(by_kind["Namespace"])
    if len(namespaces) != 1 or None in namespaces:
        errors.append(("overlay", f"the objects should share one namespace, found {sorted(map(str, namespaces))}"))
    elif declared and declared != namespaces:
        errors.append(("overlay", f"the Namespace object is {sorted(declared)} but the objects are in {sorted(namespaces)}"))
    for o in objs:
        if (o["metadata"].get("labels") or {}).get(NAME_LABEL[0]) != NAME_LABEL[1]:
            err(o, f"metadata.labels: lacks {NAME_LABEL[0]}: {NAME_LABEL[1]} (every object of the app carries it)")

    deployments = by_kind["Deployment"]
    for o in objs:
        for tpath, template in pod_templates(o):
            labels = (template.get("metadata") or {}).get("labels") or {}
            pod = template.get("spec") or {}
            claims = {v.get("name"): (v.get("persistentVolumeClaim") or {}).get("claimName")
                      for v in pod.get("volumes") or []}
            for c in claims.values():
                if c is not None and c not in by_kind["PersistentVolumeClaim"]:
                    err(o, f"{tpath}.spec.volumes: the PersistentVolumeClaim '{c}' is not part of the overlay")
            account = pod.get("serviceAccountName")
            if account not in (None, "default") and account not in by_kind["ServiceAccount"]:
                err(o, f"{tpath}.spec.serviceAccountName: the ServiceAccount '{account}' is not part of the overlay")
            tolerated = {t.get("key") for t in pod.get("tolerations") or []}
            for group in ("initContainers", "containers"):
                for i, c in enumerate(pod.get(group) or []):
                    cpath = f"{tpath}.spec.{group}[{i}] ({c.get('name')})"
                    image = c.get("image") or ""
                    if not image:
                        err(o, f"{cpath}: no image (a patch replaced the container list instead of merging into it?)")
                    elif "@" not in image and ":" not in image.rsplit("/", 1)[-1]:
                        err(o, f"{cpath}: the image '{image}' has no tag (the overlay's `images:` did not apply?)")
                    ports = {p.get("name"): p.get("containerPort") for p in c.get("ports") or []}
                    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                        port = ((c.get(probe) or {}).get("httpGet") or {}).get("port")
                        if isinstance(port, str) and port not in ports:
                            err(o, f"{cpath}.{probe}: no container port is named '{port}'")
                    for m in c.get("volumeMounts") or []:
                        if m.get("name") not in claims:
                            err(o, f"{cpath}.volumeMounts: no volume is named '{m.get('name')}'")
                    refs = [(e.get("configMapRef") or {}).get("name") for e in c.get("envFrom") or []]
                    refs += [((e.get("valueFrom") or {}).get("configMapKeyRef") or {}).get("name")
                             for e in c.get("env") or []]
                    for r in refs:
                        if r is not None and r not in by_kind["ConfigMap"]:
                            err(o, f"{cpath}: the ConfigMap '{r}' is not part of the overlay")
                    res = c.get("resources") or {}
                    for k, v in (res.get("limits") or {}).items():
                        if "/" in k and "kubernetes.io/" not in k:  # an extended resource (nvidia.com/gpu)
                            if k in (res.get("requests") or {}) and str(res["requests"][k]) != str(v):
                                err(o, f"{cpath}.resources: an extended resource's request must equal its limit ({k})")
                            if k == "nvidia.com/gpu" and k not in tolerated:
                                err(o, f"{cpath}.resources: asks for {k} but the Pod does not tolerate the {k} taint")
                            if k == "nvidia.com/gpu" and not pod.get("nodeSelector") and not pod.get("affinity"):
                                err(o, f"{cpath}.resources: asks for {k} but has no nodeSelector or affinity for GPU nodes")
                    drain = drain_seconds(c)
                    if drain is not None:
                        grace = pod.get("terminationGracePeriodSeconds", 30)
                        if grace <= drain:
                            err(o, f"{tpath}.spec.terminationGracePeriodSeconds: {grace} s does not outlast the "
                                   f"server's drain ({drain:g} s): the kubelet would kill it mid-drain")
                        for probe, path in (("readinessProbe", "/v2/health/ready"), ("livenessProbe", "/v2/health/live")):
                            got = ((c.get(probe) or {}).get("httpGet") or {}).get("path")
                            if got != path:
                                err(o, f"{cpath}.{probe}: the server's probe path is {path}, found {got!r}")
            if o["kind"] == "Deployment":
                if not selects((o["spec"] or {}).get("selector"), labels):
                    err(o, "spec.selector does not select spec.template's labels (the API server refuses it)")

    def pod_labels(d):
        return ((d["spec"].get("template") or {}).get("metadata") or {}).get("labels")

    def pods_selected(selector):
        return [d for d in deployments.values() if selects(selector, pod_labels(d))]

    for s in by_kind["Service"].values():
        pods = pods_selected((s.get("spec") or {}).get("selector"))
        if not pods:
            err(s, "spec.selector selects no Deployment's Pods: the Service would have no endpoints")
        for p in (s.get("spec") or {}).get("ports") or []:
            target = p.get("targetPort")
            if isinstance(target, str):
                for d in pods:
                    containers = d["spec"]["template"]["spec"].get("containers") or []
                    names = {q.get("name") for c in containers for q in c.get("ports") or []}
                    if target not in names:
                        err(s, f"spec.ports: the targetPort '{target}' is no container port of {name_of(d)}")
    for h in by_kind["HorizontalPodAutoscaler"].values():
        spec = h.get("spec") or {}
        ref = spec.get("scaleTargetRef") or {}
        target = deployments.get(ref.get("name")) if ref.get("kind") == "Deployment" else None
        if target is None:
            err(h, f"spec.scaleTargetRef: no Deployment '{ref.get('name')}' in the overlay")
            continue
        if target["spec"].get("replicas") is not None:
            err(h, f"{name_of(target)} sets spec.replicas, which every `kubectl apply` would reset under the HPA")
        if (spec.get("minReplicas") or 1) > (spec.get("maxReplicas") or 0):
            err(h, "spec.minReplicas exceeds spec.maxReplicas")
        uses_cpu = any(((m.get("resource") or {}).get("name") == "cpu") for m in spec.get("metrics") or [])
        if uses_cpu:
            for c in target["spec"]["template"]["spec"].get("containers") or []:
                if "cpu" not in ((c.get("resources") or {}).get("requests") or {}):
                    err(h, f"scales on CPU utilization but container '{c.get('name')}' of {name_of(target)} "
                           "has no CPU request to take a percentage of")
    for b in by_kind["PodDisruptionBudget"].values():
        spec = b.get("spec") or {}
        pods = pods_selected(spec.get("selector"))
        if not pods:
            err(b, "spec.selector selects no Deployment's Pods")
        for d in pods:
            hpas = [h for h in by_kind["HorizontalPodAutoscaler"].values()
                    if (h["spec"].get("scaleTargetRef") or {}).get("name") == d["metadata"]["name"]]
            least = min([h["spec"].get("minReplicas", 1) for h in hpas] or [d["spec"].get("replicas", 1)])
            if isinstance(spec.get("minAvailable"), int) and spec["minAvailable"] >= least:
                err(b, f"spec.minAvailable {spec['minAvailable']} with as few as {least} replicas of {name_of(d)}: "
                       "no Pod could ever be evicted, so node drains would block")
    for m in by_kind["ServiceMonitor"].values():
        spec = m.get("spec") or {}
        services = [s for s in by_kind["Service"].values() if selects(spec.get("selector"), s["metadata"].get("labels"))]
        if not services:
            err(m, "spec.selector selects no Service (it matches the Service's own labels)")
        names = {p.get("name") for s in services for p in (s.get("spec") or {}).get("ports") or []}
        for i, e in enumerate(spec.get("endpoints") or []):
            if e.get("port") is not None and e["port"] not in names:
                err(m, f"spec.endpoints[{i}].port: no selected Service has a port named '{e['port']}'")
    return errors


def load_rendered(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def validate(schema, objs):
    """Every error of one rendered overlay, as (where, message)."""
    errors = []
    for o in objs:
        errors += [(name_of(o), e) for e in check_schema(schema, o)]
    if not errors:  # the cross-checks assume well-formed objects
        errors += cross_check(objs)
    return errors


def cmd_objects(args):
    version, client = load_client()
    schema = Schema(client)
    failed = False
    for arg in args:
        label, _, path = arg.rpartition("=")
        objs = load_rendered(path)
        errors = validate(schema, objs)
        kinds = defaultdict(int)
        for o in objs:
            kinds[o.get("kind")] += 1
        if errors:
            failed = True
            for where, e in errors:
                print(f"check-kubernetes: {label}: {where}: {e}")
        else:
            print(f"check-kubernetes: {label}: {len(objs)} objects pass "
                  f"({', '.join(f'{n} {k}' if n > 1 else k for k, n in sorted(kinds.items()))})")
    for n in sorted(schema.notes):
        print(f"check-kubernetes: note: {n}")
    print(f"check-kubernetes: types of python3-kubernetes {version}; ServiceMonitor and PrometheusRule: "
          "this script's CRD_TYPES (no Debian package has their CRDs)")
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------------
# The kustomization files, for both kustomize v2.0.3 (Debian 12's kubectl 1.20) and v5: a
# self-test on one release renders with one version only, so what the other needs is checked here.

# The fields kustomize v2.0.3 reads (its types.Kustomization); v5 reads them all too, `bases` and
# `patchesStrategicMerge` with a deprecation warning. `labels`, `components`, `replacements`,
# `openapi` and the like are newer: v2.0.3 refuses them. `patches` it reads, but as the old name
# of patchesStrategicMerge, not as v5's path/target entries.
V2_FIELDS = {"apiVersion", "kind", "namespace", "namePrefix", "nameSuffix", "commonLabels", "commonAnnotations",
             "resources", "bases", "patchesStrategicMerge", "patchesJson6902", "configMapGenerator",
             "secretGenerator", "generatorOptions", "images", "vars", "crds"}
# Kinds whose strategic-merge schema kubectl 1.20's kustomize lacks (newer than Kubernetes 1.20, or
# custom resources): it merges a patch of them as plain JSON, replacing any list it contains.
V2_NO_SCHEMA = {("batch/v1", "CronJob"), ("autoscaling/v2", "HorizontalPodAutoscaler"),
                ("policy/v1", "PodDisruptionBudget")}


def check_kustomizations(top):
    """Errors of every kustomization.yaml under top."""
    errors = []
    for d, _, files in sorted(os.walk(top)):
        if "kustomization.yaml" not in files:
            continue
        where = os.path.relpath(os.path.join(d, "kustomization.yaml"), top)
        with open(os.path.join(d, "kustomization.yaml"), encoding="utf-8") as f:
            k = yaml.safe_load(f) or {}
        for key in k:
            if key == "patches":
                errors.append(f"{where}: `patches:` means a list of files to kustomize v2.0.3 (Debian 12's kubectl; "
                              "the old name of patchesStrategicMerge) and a list of path/target entries to v5: "
                              "use patchesStrategicMerge")
            elif key not in V2_FIELDS:
                errors.append(f"{where}: `{key}:` is refused by kustomize v2.0.3 (Debian 12's kubectl: "
                              "json: unknown field)")
        for r in k.get("resources") or []:
            if os.path.isdir(os.path.join(d, r)):
                errors.append(f"{where}: resources: {r} is a directory: kustomize v2.0.3 takes directories "
                              "under `bases:` only")
        for b in k.get("bases") or []:
            if not os.path.isfile(os.path.join(d, b, "kustomization.yaml")):
                errors.append(f"{where}: bases: {b} has no kustomization.yaml")
        for g in k.get("configMapGenerator") or []:
            for key in g:
                if key not in ("name", "behavior", "literals", "files", "env", "namespace"):
                    errors.append(f"{where}: configMapGenerator {g.get('name')}: `{key}:` is not read by kustomize v2.0.3")
        for p in k.get("patchesStrategicMerge") or []:
            with open(os.path.join(d, p), encoding="utf-8") as f:
                patch = yaml.safe_load(f)
            api = str(patch.get("apiVersion"))
            if (api, patch.get("kind")) in V2_NO_SCHEMA or "." in api.split("/")[0]:  # a CRD's group has dots
                lists = [path for path, v in walk(patch) if isinstance(v, list)]
                if lists:
                    errors.append(f"{where}: the patch {p} ({patch.get('apiVersion')} {patch.get('kind')}) has lists "
                                  f"({', '.join(lists)}): kustomize v2.0.3 does not know this kind's merge keys and "
                                  "would replace them instead of merging")
    return errors


def walk(x, path=""):
    yield path, x
    if isinstance(x, dict):
        for k, v in x.items():
            yield from walk(v, f"{path}.{k}" if path else str(k))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from walk(v, f"{path}[{i}]")


def cmd_kustomizations(args):
    top = os.path.join(DEPLOY, "kubernetes")
    errors = check_kustomizations(top)
    for e in errors:
        print(f"check-kubernetes: {e}")
    if not errors:
        n = sum("kustomization.yaml" in files for _, _, files in os.walk(top))
        print(f"check-kubernetes: {n} kustomization files use only what kustomize v2.0.3 and v5 both read")
    return 1 if errors else 0


# ---------------------------------------------------------------------------------------------
# monitoring/prometheusrule.yaml is rules.yml inside a PrometheusRule.

def prometheusrule_text():
    with open(RULES, encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("groups:"))
    body = "\n".join(("  " + line) if line.strip() else "" for line in lines[start:])
    return f"""# GENERATED from deploy/prometheus/rules.yml by `python3 tools/check-kubernetes.py rules --write`:
# edit rules.yml (promtool checks and tests it), then regenerate. tools/check-deploy.sh fails
# when the two disagree.
#
# The recording and alerting rules, for a Prometheus run by the Prometheus Operator. It loads the
# PrometheusRules its ruleSelector picks: kube-prometheus-stack's default wants the label
# `release: <the Helm release's name>`; add it here if yours does.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: fashion-cnn
  labels:
    app.kubernetes.io/name: fashion-cnn
    app.kubernetes.io/part-of: llmlings
    app.kubernetes.io/component: monitoring
spec:
{body}
"""


def cmd_rules(args):
    text = prometheusrule_text()
    with open(RULES, encoding="utf-8") as f:
        groups = yaml.safe_load(f)["groups"]
    if yaml.safe_load(text)["spec"]["groups"] != groups:
        print("check-kubernetes: the generated PrometheusRule does not read back as rules.yml's groups")
        return 1
    if args == ["--write"]:
        with open(PROMETHEUSRULE, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"check-kubernetes: wrote {os.path.relpath(PROMETHEUSRULE, ROOT)}")
        return 0
    try:
        with open(PROMETHEUSRULE, encoding="utf-8") as f:
            current = f.read()
    except FileNotFoundError:
        current = ""
    if current != text:
        print(f"check-kubernetes: {os.path.relpath(PROMETHEUSRULE, ROOT)} is not rules.yml's current rules: "
              "run python3 tools/check-kubernetes.py rules --write")
        return 1
    print(f"check-kubernetes: the PrometheusRule holds rules.yml's {len(groups)} groups, "
          f"{sum(len(g['rules']) for g in groups)} rules")
    return 0


# ---------------------------------------------------------------------------------------------
# The CI/CD workflow (deploy/ci/pipeline.yml).

CHAIN = ["train", "evaluate", "gate", "build", "deploy"]
REPO_PATH = re.compile(r"(?<![\w./$-])((?:projects|tools|include|shared|\.ci)/[A-Za-z0-9_./-]*[A-Za-z0-9_-])")


def usage_lines():
    """The `project_mlops SUBCOMMAND ...` lines of main.cpp's top comment."""
    with open(os.path.join(ROOT, "projects", "mlops", "main.cpp"), encoding="utf-8") as f:
        head = f.read().split("*/", 1)[0]
    usage = defaultdict(str)
    last = None
    for line in head.splitlines():
        m = re.search(r"project_mlops (\w+) ", line)
        if m:
            last = m.group(1)
            usage[last] += line
        elif last and re.match(r"^ \*\s{20,}\[", line):
            usage[last] += line  # a continued option list
        else:
            last = None
    return usage


def check_workflow(wf, rendered):
    """The errors of a parsed workflow; rendered: the objects of the prod overlay."""
    errors = []
    if not isinstance(wf, dict) or not isinstance(wf.get("jobs"), dict):
        return ["no jobs: mapping"]
    if "on" not in wf and True not in wf:  # YAML 1.1 reads the key `on` as true
        errors.append("no `on:` trigger")
    env = {k: str(v) for k, v in (wf.get("env") or {}).items()}
    jobs = wf["jobs"]
    if list(jobs) != CHAIN:
        errors.append(f"the jobs are {list(jobs)}, expected exactly {CHAIN} in that order")
    presets = set()
    with open(os.path.join(ROOT, "CMakePresets.json"), encoding="utf-8") as f:
        presets.update(re.findall(r'"name":\s*"([^"]+)"', f.read()))
    usage = usage_lines()
    by_kind = defaultdict(dict)
    for o in rendered:
        by_kind[o["kind"]][o["metadata"]["name"]] = o
    uploaded = {}
    for i, (name, job) in enumerate(jobs.items()):
        if not isinstance(job, dict):
            errors.append(f"{name}: not a mapping")
            continue
        needs = job.get("needs")
        needs = [needs] if isinstance(needs, str) else (needs or [])
        want = [CHAIN[CHAIN.index(name) - 1]] if name in CHAIN and CHAIN.index(name) > 0 else []
        if needs != want:
            errors.append(f"{name}: needs {needs}, expected {want} (each job needs the one before it)")
        if not job.get("runs-on"):
            errors.append(f"{name}: no runs-on")
        steps = job.get("steps") or []
        if not steps:
            errors.append(f"{name}: no steps")
        ancestors = set(CHAIN[:CHAIN.index(name)]) if name in CHAIN else set()
        scripts = []
        for j, step in enumerate(steps):
            where = f"{name}.steps[{j}]"
            if not isinstance(step, dict) or (("uses" in step) == ("run" in step)):
                errors.append(f"{where}: a step has exactly one of `uses:` and `run:`")
                continue
            if "uses" in step:
                action = str(step["uses"])
                if not re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", action):
                    errors.append(f"{where}: `uses: {action}` should name an action and a pinned version (owner/name@v4)")
                w = step.get("with") or {}
                if action.startswith("actions/upload-artifact@"):
                    uploaded[w.get("name")] = name
                if action.startswith("actions/download-artifact@"):
                    src = uploaded.get(w.get("name"))
                    if src is None or src not in ancestors:
                        errors.append(f"{where}: downloads the artifact {w.get('name')!r}, which no earlier job uploads")
                scripts += [str(v) for v in w.values()]
            else:
                scripts.append(str(step["run"]))
            if step.get("working-directory"):
                scripts.append(str(step["working-directory"]))
        text = "\n".join(scripts)
        for k, v in env.items():
            text = text.replace("${" + k + "}", v).replace("$" + k, v)
        for path in sorted(set(REPO_PATH.findall(text))):
            if not os.path.exists(os.path.join(ROOT, path)):
                errors.append(f"{name}: names {path}, which is not in this repository")
        for m in re.finditer(r"build/(\w[\w-]*)/projects/project_(\w+)", text):
            if m.group(1) not in presets:
                errors.append(f"{name}: build/{m.group(1)} is no CMake preset's build directory")
            if not os.path.exists(os.path.join(ROOT, "projects", m.group(2), "main.cpp")):
                errors.append(f"{name}: there is no project {m.group(2)} (projects/{m.group(2)}/main.cpp)")
        for m in re.finditer(r"--preset[ =](\S+)", text):
            if m.group(1) not in presets:
                errors.append(f"{name}: --preset {m.group(1)}: no such preset in CMakePresets.json")
        # each command line that runs project_mlops: its subcommand and options
        for m in re.finditer(r'(?m)^\s*"?(?:[\w./$-]*/)?project_mlops"?\s+(\w+)(.*)$', text):
            sub, rest = m.group(1), m.group(2)
            if sub not in usage:
                errors.append(f"{name}: `project_mlops {sub}` is not a command of projects/mlops/main.cpp")
                continue
            for opt in re.findall(r"(--[\w-]+)", rest):
                if opt not in usage[sub]:
                    errors.append(f"{name}: `project_mlops {sub}` has no option {opt} (projects/mlops/main.cpp)")
        if name == "gate" and not (re.search(r"promote", text) and re.search(r"sys\.exit\(1\)|exit 1", text)):
            errors.append("gate: no step reads the gate's decision (\"promote\") and fails the job on a refusal")
        if name == "build":
            if not re.search(r"buildah bud\b[^\n]*--isolation chroot", text):
                errors.append("build: no `buildah bud --isolation chroot`")
            if "-f projects/mlops/Containerfile" not in text:
                errors.append("build: does not build projects/mlops/Containerfile")
        if name == "deploy":
            if not re.search(r"kubectl apply -k projects/mlops/deploy/kubernetes/overlays/prod\b", text):
                errors.append("deploy: no `kubectl apply -k projects/mlops/deploy/kubernetes/overlays/prod`")
            for m in re.finditer(r"kustomize edit set image ([^=\s\"]+)=", text):
                images = {c.get("image", "").split("@")[0].rsplit(":", 1)[0] for o in rendered
                          for _, t in pod_templates(o) for c in (t.get("spec") or {}).get("containers") or []}
                if not any(i.endswith(m.group(1).split("/")[-1]) for i in images):
                    errors.append(f"deploy: sets the image {m.group(1)}, which no prod container uses")
            for m in re.finditer(r"kustomize edit set configmap (\S+)", text):
                if not any(n.startswith(m.group(1) + "-") or n == m.group(1) for n in by_kind["ConfigMap"]):
                    errors.append(f"deploy: sets the ConfigMap {m.group(1)}, which prod does not generate")
            for m in re.finditer(r"kubectl -n (\S+) rollout status deployment/(\S+)", text):
                d = by_kind["Deployment"].get(m.group(2))
                if d is None or d["metadata"].get("namespace") != m.group(1):
                    errors.append(f"deploy: waits for deployment/{m.group(2)} in {m.group(1)}, which prod does not have")
    return errors


def lint_steps(wf):
    """shellcheck on every `run:` step (as bash, GitHub's shell on Linux, with each ${{ }} expression
    made a plain word), and compile() on every Python heredoc in them: what actionlint does."""
    import shutil
    import subprocess
    errors = []
    shellcheck = shutil.which("shellcheck")
    for name, job in (wf.get("jobs") or {}).items():
        for j, step in enumerate(job.get("steps") or []):
            if "run" not in step:
                continue
            script = re.sub(r"\$\{\{[^}]*\}\}", "GHA_EXPRESSION", str(step["run"]))
            for k, code in enumerate(re.findall(r"(?s)python3 -[^\n]*<<'EOF'\n(.*?)\nEOF\n", script)):
                try:
                    compile(code, f"{name}.steps[{j}] python #{k}", "exec")
                except SyntaxError as e:
                    errors.append(f"{name}.steps[{j}]: its Python does not compile: {e}")
            if shellcheck:
                r = subprocess.run([shellcheck, "-s", "bash", "-f", "gcc", "-"], input="set -e\n" + script,
                                   capture_output=True, text=True, check=False)
                errors += [f"{name}.steps[{j}] (run:, line {line.split(':')[1]} - 1): shellcheck:{line.split(':', 3)[3]}"
                           for line in r.stdout.splitlines() if line.count(":") >= 3]
    return errors, shellcheck is not None


def cmd_workflow(args):
    with open(args[0], encoding="utf-8") as f:
        wf = yaml.safe_load(f)
    errors = check_workflow(wf, load_rendered(args[1]))
    lint, shellchecked = lint_steps(wf)
    errors += lint
    if not shellchecked:
        errors.append("shellcheck is missing (apt-get install shellcheck)")
    for e in errors:
        print(f"check-kubernetes: {os.path.relpath(args[0], ROOT)}: {e}")
    if not errors:
        print(f"check-kubernetes: the workflow's jobs form the chain {' → '.join(CHAIN)}; its paths, presets, "
              "artifacts, project_mlops commands and kubectl/kustomize targets exist; its steps pass shellcheck "
              "and their Python compiles")
    return 1 if errors else 0


# ---------------------------------------------------------------------------------------------
# Negative tests: purpose-broken copies that the checks above must refuse.

def find(objs, kind, name=None):
    return next(o for o in objs if o["kind"] == kind and (name is None or o["metadata"]["name"] == name))


def server(objs):
    return find(objs, "Deployment")["spec"]["template"]["spec"]["containers"][0]


def rename_key(d, old, new):
    d[new] = d.pop(old)


def object_mutations():
    """(what, mutate(objs), a phrase the refusal must contain)."""
    return [
        ("a typo'd field: readinesProbe", lambda o: rename_key(server(o), "readinessProbe", "readinesProbe"),
         "unknown field 'readinesProbe' in V1Container (did you mean 'readinessProbe'?)"),
        ("a typo'd field deep down: httpGet.paht",
         lambda o: rename_key(server(o)["livenessProbe"]["httpGet"], "path", "paht"),
         "unknown field 'paht'"),
        ("a wrong type: replicas \"2\"", lambda o: find(o, "Deployment")["spec"].__setitem__("replicas", "2"),
         "spec.replicas: expected an integer, found the string '2'"),
        ("a wrong type: HPA minReplicas \"2\"",
         lambda o: find(o, "HorizontalPodAutoscaler")["spec"].__setitem__("minReplicas", "2"),
         "expected an integer"),
        ("a wrong type: an unquoted boolean annotation",
         lambda o: find(o, "Deployment")["spec"]["template"]["metadata"]["annotations"].__setitem__(
             "prometheus.io/scrape", True),
         "expected a string, found the boolean true"),
        ("a wrong type: a mapping where a list goes",
         lambda o: server(o).__setitem__("ports", {"name": "http", "containerPort": 8080}), "expected a list"),
        ("a wrong quantity: memory 128MB", lambda o: server(o)["resources"]["requests"].__setitem__("memory", "128MB"),
         "is not a resource quantity"),
        ("a wrong apiVersion: apps/v1beta3", lambda o: find(o, "Deployment").__setitem__("apiVersion", "apps/v1beta3"),
         "does not exist"),
        ("a wrong apiVersion for the kind: batch/v1 Deployment",
         lambda o: find(o, "Deployment").__setitem__("apiVersion", "batch/v1"), "has no kind 'Deployment'"),
        ("a wrong kind: Deploymnet", lambda o: find(o, "Deployment").__setitem__("kind", "Deploymnet"),
         "(did you mean Deployment?)"),
        ("a wrong kind of the CRD: ServiceMonitr", lambda o: find(o, "ServiceMonitor").__setitem__("kind", "ServiceMonitr"),
         "is not a kind of monitoring.coreos.com/v1"),
        ("a missing required field: the container's name", lambda o: server(o).pop("name"),
         "the required field 'name' of V1Container is missing"),
        ("a ServiceMonitor typo: endpoint", lambda o: rename_key(find(o, "ServiceMonitor")["spec"], "endpoints", "endpoint"),
         "unknown field 'endpoint' in ServiceMonitorSpec"),
        ("a ServiceMonitor interval \"15 s\"",
         lambda o: find(o, "ServiceMonitor")["spec"]["endpoints"][0].__setitem__("interval", "15 s"),
         "is not a Prometheus duration"),
        ("a PrometheusRule rule without expr",
         lambda o: find(o, "PrometheusRule")["spec"]["groups"][0]["rules"][0].pop("expr"),
         "the required field 'expr' of Rule is missing"),
        ("a Service selecting no Pods",
         lambda o: find(o, "Service")["spec"]["selector"].__setitem__("app.kubernetes.io/component", "sever"),
         "selects no Deployment's Pods"),
        ("a probe on a port name that does not exist",
         lambda o: server(o)["readinessProbe"]["httpGet"].__setitem__("port", "metrics"),
         "no container port is named 'metrics'"),
        ("a grace period shorter than the drain",
         lambda o: find(o, "Deployment")["spec"]["template"]["spec"].__setitem__("terminationGracePeriodSeconds", 5),
         "does not outlast the server's drain"),
        ("a PDB that blocks every drain", lambda o: find(o, "PodDisruptionBudget")["spec"].__setitem__("minAvailable", 2),
         "node drains would block"),
        ("a CronJob container list replaced by a patch",
         lambda o: find(o, "CronJob")["spec"]["jobTemplate"]["spec"]["template"]["spec"].__setitem__(
             "containers", [{"name": "train", "imagePullPolicy": "IfNotPresent"}]), "no image"),
        ("a GPU limit without the toleration",
         lambda o: (server(o)["resources"]["limits"].__setitem__("nvidia.com/gpu", "1"),
                    find(o, "Deployment")["spec"]["template"]["spec"].pop("tolerations", None)),
         "does not tolerate the nvidia.com/gpu taint"),
    ]


def workflow_mutations():
    def drop_needs(wf):
        wf["jobs"]["gate"].pop("needs")

    def swap(wf):
        jobs = wf["jobs"]
        wf["jobs"] = {k: jobs[k] for k in ["train", "evaluate", "build", "gate", "deploy"]}

    def missing_file(wf):
        for s in wf["jobs"]["build"]["steps"]:
            if "run" in s:
                s["run"] = s["run"].replace("projects/mlops/Containerfile", "projects/mlops/Dockerfile")

    def ghost_artifact(wf):
        for s in wf["jobs"]["gate"]["steps"]:
            if str(s.get("uses", "")).startswith("actions/download-artifact@"):
                s["with"]["name"] = "evaluations"

    def no_gate(wf):
        for s in wf["jobs"]["gate"]["steps"]:
            if "run" in s:
                s["run"] = s["run"].replace("sys.exit(1)", "pass").replace("exit 1", "true")

    def bad_option(wf):
        for s in wf["jobs"]["train"]["steps"]:
            if "run" in s:
                s["run"] = s["run"].replace("--seed", "--sed")

    return [
        ("the gate job without needs", drop_needs, "gate: needs [], expected ['evaluate']"),
        ("build before gate", swap, "expected exactly"),
        ("a Containerfile that does not exist", missing_file, "projects/mlops/Dockerfile, which is not in this repository"),
        ("an artifact nobody uploads", ghost_artifact, "which no earlier job uploads"),
        ("a gate that never fails", no_gate, "fails the job on a refusal"),
        ("an option project_mlops train does not have", bad_option, "has no option --sed"),
    ]


def kustomization_mutations():
    def edit(relpath, old, new):
        def apply(top):
            path = os.path.join(top, relpath)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            assert old in text, (relpath, old)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new))
        return apply

    def cronjob_patch(top):
        with open(os.path.join(top, "overlays", "dev", "cronjob.yaml"), "w", encoding="utf-8") as f:
            f.write("apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: fashion-cnn-train\nspec:\n  jobTemplate:\n"
                    "    spec:\n      template:\n        spec:\n          containers:\n            - name: train\n")
        edit("overlays/dev/kustomization.yaml", "  - registry-pvc.yaml\n", "  - registry-pvc.yaml\n  - cronjob.yaml\n")(top)

    return [
        ("a field v2.0.3 reads differently: patches", edit("overlays/prod/kustomization.yaml", "patchesStrategicMerge:",
                                                           "patches:"), "`patches:` means a list of files"),
        ("a v5-only field: labels",
         edit("base/kustomization.yaml", "generatorOptions:", "labels:\n  - pairs: {}\ngeneratorOptions:"),
         "`labels:` is refused by kustomize v2.0.3"),
        ("a directory under resources", edit("overlays/dev/kustomization.yaml", "bases:\n  - ../../base\nresources:\n",
                                             "resources:\n  - ../../base\n"), "takes directories under `bases:` only"),
        ("a list in a patch of batch/v1 CronJob", cronjob_patch, "would replace them instead of merging"),
    ]


def cmd_negative(args):
    version, client = load_client()
    schema = Schema(client)
    objs = load_rendered(args[0])
    failures = []
    assert not validate(schema, objs), "the unbroken overlay must pass first"
    for what, mutate, phrase in object_mutations():
        broken = copy.deepcopy(objs)
        mutate(broken)
        messages = [f"{w}: {e}" for w, e in validate(schema, broken)]
        hit = [m for m in messages if phrase in m]
        if hit:
            print(f"check-kubernetes: refused as it should, {what}: {hit[0]}")
        else:
            failures.append(f"{what}: expected a refusal containing {phrase!r}, got {messages or 'none'}")
    with open(args[1], encoding="utf-8") as f:
        wf = yaml.safe_load(f)
    assert not check_workflow(wf, objs), "the unbroken workflow must pass first"
    for what, mutate, phrase in workflow_mutations():
        broken = copy.deepcopy(wf)
        mutate(broken)
        messages = check_workflow(broken, objs)
        hit = [m for m in messages if phrase in m]
        if hit:
            print(f"check-kubernetes: refused as it should, workflow with {what}: {hit[0]}")
        else:
            failures.append(f"workflow with {what}: expected a refusal containing {phrase!r}, got {messages or 'none'}")
    import shutil
    import tempfile
    for what, edit, phrase in kustomization_mutations():
        with tempfile.TemporaryDirectory() as tmp:
            top = os.path.join(tmp, "kubernetes")
            shutil.copytree(os.path.join(DEPLOY, "kubernetes"), top)
            edit(top)
            messages = check_kustomizations(top)
        hit = [m for m in messages if phrase in m]
        if hit:
            print(f"check-kubernetes: refused as it should, {what}: {hit[0]}")
        else:
            failures.append(f"{what}: expected a refusal containing {phrase!r}, got {messages or 'none'}")
    for f in failures:
        print(f"check-kubernetes: NOT REFUSED: {f}")
    return 1 if failures else 0


def main(argv):
    commands = {"kustomizations": (cmd_kustomizations, 0), "objects": (cmd_objects, 1),
                "negative": (cmd_negative, 2), "rules": (cmd_rules, 0),
                "workflow": (cmd_workflow, 2)}
    if not argv or argv[0] not in commands or len(argv) - 1 < commands[argv[0]][1]:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    return commands[argv[0]][0](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
