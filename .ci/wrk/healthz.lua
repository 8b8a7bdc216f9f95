-- wrk -s .ci/wrk/healthz.lua: GET /healthz (the baseline).
wrk.path = "/healthz"
