# A nomad-sim campaign as a Nomad batch job: each dispatch runs a range of seeds on `count`
# allocations, one shard each (`--shard` gets NOMAD_ALLOC_INDEX + 1 of `shards`).
#
#   nomad job run examples/nomad-campaign.nomad.hcl
#   nomad job dispatch -meta seeds=1..10000 \
#     -meta source=git::https://example.com/you/nomad-acl-sim.git nomad-sim-campaign
#
# Each allocation appends its result lines to alloc/data/shard.jsonl (replay scripts of failed
# seeds beside it) and resumes from there if it is restarted. Collect and summarise them with
#
#   job=nomad-sim-campaign/dispatch-...        # the ID `nomad job dispatch` printed
#   for a in $(nomad job allocs -t '{{range .}}{{.ID}} {{end}}' "$job"); do
#     nomad alloc fs "$a" alloc/data/shard.jsonl > "shard-$a.jsonl"
#   done
#   npx nomad-sim campaign merge shard-*.jsonl
job "nomad-sim-campaign" {
  type        = "batch"
  datacenters = ["*"]

  parameterized {
    payload       = "forbidden"
    meta_required = ["seeds", "source"]
    meta_optional = ["regions", "duration"]
  }

  meta {
    regions  = "global:3,europe:3,asia:3"
    duration = "10m"
    # The number of shards: keep it equal to the group's count.
    shards = "4"
  }

  group "shards" {
    count = 4

    # Keep alloc/data when an allocation is replaced, so --resume goes on where it stopped.
    ephemeral_disk {
      sticky  = true
      migrate = true
      size    = 500
    }

    restart {
      attempts = 2
      mode     = "fail"
    }

    task "campaign" {
      driver = "docker"
      # SIGTERM stops starting seeds; the running ones (a few seconds each) are let finish.
      kill_timeout = "90s"

      artifact {
        source      = "${NOMAD_META_source}"
        destination = "local/nomad-acl-sim"
      }

      template {
        destination = "local/run-shard.sh"
        perms       = "755"
        data        = <<EOF
#!/bin/sh
set -u
cd "$NOMAD_TASK_DIR/nomad-acl-sim" && npm ci --no-audit --no-fund >&2 || exit 2
npx nomad-sim campaign --seeds "$NOMAD_META_seeds" --regions "$NOMAD_META_regions" --duration "$NOMAD_META_duration" --shard "$((NOMAD_ALLOC_INDEX + 1))/$NOMAD_META_shards" --workers auto --out "$NOMAD_ALLOC_DIR/data/shard.jsonl" --resume
code=$?
# Exit 1 means a seed broke an invariant: a finding, kept in the results, not a failed task.
[ "$code" -le 1 ] && exit 0
exit "$code"
EOF
      }

      config {
        image   = "node:20-bookworm"
        command = "/bin/sh"
        args    = ["local/run-shard.sh"]
      }

      # `cores` pins whole cores, which --workers auto sees (one worker thread per core).
      resources {
        cores  = 2
        memory = 2048
      }
    }
  }
}
