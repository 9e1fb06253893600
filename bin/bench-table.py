"""Formats the BENCH|... lines of bin/bench --all as the README's Markdown tables."""
import sys

rows = [line.strip().split("|") for line in open(sys.argv[1]) if line.startswith("BENCH|")]
machine = sys.argv[2] if len(sys.argv) > 2 else ""


def fields(parts):
    return dict(p.split("=", 1) for p in parts if "=" in p)


print(f"Machine: {machine}\n")
cold = [r for r in rows if r[1] == "cold-start"]
if cold:
    print("| function | jar | first invoke (median) | eager default clients (median) | hello-world java | runs |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in cold:
        f = fields(r[3:])
        print(f"| {r[2]} | {f['jarMB']} MB | {f['firstInvokeMs']} ms | {f['naiveMs']} ms | {f['helloMs']} ms | {f['runs']} |")
    print()
api = [r for r in rows if r[1] == "api"]
if api:
    print("| run | instances | DescribeInstances (floor) | DescribeImages (floor) | all calls | wall time | peak heap |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in api:
        f = fields(r[4:])
        di = f"{f.get('DescribeInstances', '-')} ({f.get('floorDescribeInstances', '-')})"
        dm = f"{f.get('DescribeImages', '-')} ({f.get('floorDescribeImages', '-')})"
        print(f"| {r[2]}: {r[3]} | {int(f['instances']):,} | {di} | {dm} | {f.get('totalCalls', '-')} | {f.get('wallMs', '-')} ms | {f.get('peakHeapMB', '-')} MB |")
    print()
load = [r for r in rows if r[1] == "load"]
if load:
    print("| load | calls | wall time | function timeout |")
    print("|---|---:|---:|---:|")
    for r in load:
        f = fields(r[4:])
        print(f"| {r[2]}: {r[3]} | {f.get('calls', '-')} | {f.get('wallMs', '-')} ms | {f.get('timeoutS', '-')} s |")
