"""Hierarchical greedy EPLB in Python + PyTorch, the same policy as specs/eplb/baselines/greedy.ts.

Written for bench/eplb_bench.ts from the policy's description (it is not DeepSeek's code): the
replication step runs vectorised over all layers and nodes in torch; the two packing steps are
sequential by nature and run as plain Python loops.

stdin:  {"windows": [weight[layers][experts], ...], "numReplicas", "numGroups", "numNodes",
         "numGpus", "repeats"}
stdout: {"times_ms": [...one per call...], "phy2log": [per window: [layers][replicas]]}
"""
import json
import sys
import time

import torch


def balanced_pack(loads, packs):
    """Items, heaviest first (ties: lower index), to the lightest pack with room; equal counts."""
    cap = len(loads) // packs
    pack_load = [0.0] * packs
    fill = [0] * packs
    pack_of = [0] * len(loads)
    rank_of = [0] * len(loads)
    for item in sorted(range(len(loads)), key=lambda i: -loads[i]):
        best = -1
        for p in range(packs):
            if fill[p] < cap and (best < 0 or pack_load[p] < pack_load[best]):
                best = p
        pack_of[item] = best
        rank_of[item] = fill[best]
        fill[best] += 1
        pack_load[best] += loads[item]
    return pack_of, rank_of


def rebalance(weight, num_replicas, num_groups, num_nodes, num_gpus):
    """Returns (phy2log [L, R], log2phy [L, E, W], logcnt [L, E]) as int64 tensors."""
    layers, experts = weight.shape
    if num_groups % num_nodes or experts % num_groups:
        num_groups = num_nodes = 1  # global policy
    group_size = experts // num_groups
    per_node = experts // num_nodes
    replicas_per_node = num_replicas // num_nodes
    gpus_per_node = num_gpus // num_nodes
    slots = num_replicas // num_gpus
    w = weight.double()

    # 1. Expert groups to nodes, per layer; node_experts lists each node's experts node-major.
    group_load = w.view(layers, num_groups, group_size).sum(-1).tolist()
    node_experts = []
    for l in range(layers):
        node_of, rank_of = balanced_pack(group_load[l], num_nodes)
        row = [0] * experts
        for g in range(num_groups):
            at = node_of[g] * per_node + rank_of[g] * group_size
            row[at:at + group_size] = range(g * group_size, (g + 1) * group_size)
        node_experts.append(row)
    node_experts = torch.tensor(node_experts, dtype=torch.int64)

    # 2. Replicate: each extra replica to the expert with the largest load per replica,
    #    for every (layer, node) row at once.
    local = w.gather(1, node_experts).view(layers * num_nodes, per_node)
    cnt = torch.ones_like(local, dtype=torch.int64)
    rows = torch.arange(layers * num_nodes)
    for _ in range(replicas_per_node - per_node):
        best = (local / cnt).argmax(-1)
        cnt[rows, best] += 1

    # 3. Replicas of each (layer, node) to that node's GPUs.
    phy2log = torch.empty(layers, num_replicas, dtype=torch.int64)
    cnt_rows = cnt.tolist()
    load_rows = local.tolist()
    expert_rows = node_experts.view(layers * num_nodes, per_node).tolist()
    for r in range(layers * num_nodes):
        l, n = divmod(r, num_nodes)
        rep_expert, rep_load = [], []
        for e, load, c in zip(expert_rows[r], load_rows[r], cnt_rows[r]):
            rep_expert += [e] * c
            rep_load += [load / c] * c
        gpu_of, rank_of = balanced_pack(rep_load, gpus_per_node)
        placed = [0] * replicas_per_node
        for k in range(replicas_per_node):
            placed[gpu_of[k] * slots + rank_of[k]] = rep_expert[k]
        phy2log[l, n * replicas_per_node:(n + 1) * replicas_per_node] = torch.tensor(placed)

    # Counts and the inverse map, vectorised: sort slots by expert, then scatter.
    logcnt = torch.zeros(layers, experts, dtype=torch.int64)
    logcnt.scatter_add_(1, phy2log, torch.ones_like(phy2log))
    width = int(logcnt.max())
    order = torch.argsort(phy2log, dim=1, stable=True)
    sorted_expert = phy2log.gather(1, order)
    first = logcnt.cumsum(1) - logcnt
    position = torch.arange(num_replicas).expand(layers, -1) - first.gather(1, sorted_expert)
    log2phy = torch.full((layers, experts, width), -1, dtype=torch.int64)
    layer_index = torch.arange(layers).unsqueeze(1).expand(-1, num_replicas)
    log2phy[layer_index, sorted_expert, position] = order
    return phy2log, log2phy, logcnt


def main():
    job = json.load(sys.stdin)
    windows = [torch.tensor(w, dtype=torch.float64) for w in job["windows"]]
    shape = (job["numReplicas"], job["numGroups"], job["numNodes"], job["numGpus"])
    rebalance(windows[0], *shape)  # warm-up
    times, placements = [], []
    for i in range(job["repeats"]):
        start = time.perf_counter()
        phy2log, _, _ = rebalance(windows[i % len(windows)], *shape)
        times.append((time.perf_counter() - start) * 1000)
        if i < len(windows):
            placements.append(phy2log.tolist())
    json.dump({"times_ms": times, "phy2log": placements, "torch": torch.__version__}, sys.stdout)


if __name__ == "__main__":
    main()
