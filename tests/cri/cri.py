#!/usr/bin/python3
"""tests/cri/cri.py — a small client of the CRI v1 gRPC API (the RuntimeService of
tests/cri/api.proto), for the tests/cri suite. Run with Debian's python3 (it needs
python3-grpcio and python3-protobuf, and protoc from protobuf-compiler).

    cri.py call METHOD [JSON]       send METHOD's request, given as the JSON form of
                                    the request message (proto field names), print
                                    the response as JSON (proto field names, enums
                                    by name, 64-bit integers as strings)
    cri.py exec ID TIMEOUT CMD...   ExecSync: the command's stdout and stderr on ours,
                                    its exit code as ours
    cri.py remove-pods              stop and remove every pod (and so its
                                    containers), printing each call: a test's
                                    cleanup, in one process

Environment: CRI_SOCKET (containerd's socket, required), CRI_GEN_DIR (where the
generated api_pb2.py goes; compiled there once, default a temporary directory
removed at exit), CRI_DEADLINE (seconds for each call, default 60).
A failed call prints "METHOD: CODE: DETAILS" on stderr (CODE the gRPC status name,
e.g. DEADLINE_EXCEEDED) and exits 1 (exec: 125, never a command's own code).

The gRPC stubs are not generated (that needs grpc_tools or protoc's grpc plugin,
and Debian's python3-grpc-tools is far older than its protobuf): each method is
looked up in the compiled service descriptor, which gives its request and
response types, and called as a unary gRPC method by its path.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import grpc
from google.protobuf import json_format

HERE = os.path.dirname(os.path.abspath(__file__))


def load_api():
    """Compile api.proto into CRI_GEN_DIR (once) and import the module."""
    gen = os.environ.get("CRI_GEN_DIR")
    tmp = None
    if not gen:
        gen = tmp = tempfile.mkdtemp(prefix="cri-gen.")
    try:
        if not os.path.exists(os.path.join(gen, "api_pb2.py")):
            os.makedirs(gen, exist_ok=True)
            # into a private directory first, then renamed: two clients started at
            # once never import a half-written module
            work = tempfile.mkdtemp(dir=gen)
            subprocess.run(["protoc", "-I", HERE, "--python_out=" + work,
                            os.path.join(HERE, "api.proto")], check=True)
            os.replace(os.path.join(work, "api_pb2.py"), os.path.join(gen, "api_pb2.py"))
            os.rmdir(work)
        sys.path.insert(0, gen)
        import api_pb2  # pylint: disable=import-error,import-outside-toplevel
        return api_pb2
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def call(api, method, request_json):
    """Call RuntimeService.METHOD with the request in JSON; return the response."""
    service = api.DESCRIPTOR.services_by_name["RuntimeService"]
    m = service.methods_by_name.get(method)
    if m is None:
        sys.exit("cri.py: no method %s in api.proto's RuntimeService" % method)
    # the generated module has a class per message, named as in api.proto
    req_cls, resp_cls = getattr(api, m.input_type.name), getattr(api, m.output_type.name)
    try:
        req = json_format.Parse(request_json or "{}", req_cls())
    except json_format.ParseError as e:
        sys.exit("cri.py: %s: the request is not a %s: %s" % (method, m.input_type.name, e))
    sock = os.environ["CRI_SOCKET"]
    with grpc.insecure_channel("unix://" + sock) as ch:
        stub = ch.unary_unary("/%s/%s" % (service.full_name, method),
                              request_serializer=req_cls.SerializeToString,
                              response_deserializer=resp_cls.FromString)
        return stub(req, timeout=float(os.environ.get("CRI_DEADLINE", "60")))


def remove_pods(api):
    """StopPodSandbox and RemovePodSandbox of every pod; 1 if any call failed."""
    rc = 0
    for pod in call(api, "ListPodSandbox", "{}").items:
        for method in ("StopPodSandbox", "RemovePodSandbox"):
            try:
                call(api, method, json.dumps({"pod_sandbox_id": pod.id}))
                print("%s %s" % (method, pod.id))
            except grpc.RpcError as e:
                sys.stderr.write("%s %s: %s: %s\n" % (method, pod.id, e.code().name, e.details()))
                rc = 1
    return rc


def main(argv):
    if argv[1:] == ["remove-pods"]:
        return remove_pods(load_api())
    if len(argv) < 3 or argv[1] not in ("call", "exec"):
        sys.exit(__doc__)
    api = load_api()
    try:
        if argv[1] == "call":
            resp = call(api, argv[2], argv[3] if len(argv) > 3 else "{}")
            print(json_format.MessageToJson(resp, preserving_proto_field_name=True, indent=None,
                                                  including_default_value_fields=True))
            return 0
        if len(argv) < 5:
            sys.exit(__doc__)
        resp = call(api, "ExecSync", json.dumps({"container_id": argv[2], "timeout": int(argv[3]),
                                                 "cmd": argv[4:]}))
        sys.stdout.buffer.write(resp.stdout)
        sys.stderr.buffer.write(resp.stderr)
        return resp.exit_code
    except grpc.RpcError as e:
        sys.stderr.write("%s: %s: %s\n" % (argv[2] if argv[1] == "call" else "ExecSync",
                                           e.code().name, e.details()))
        return 1 if argv[1] == "call" else 125


if __name__ == "__main__":
    sys.exit(main(sys.argv))
