-- wrk -s .ci/wrk/preview.lua: POST /api/v1/plan-preview as a therapist.
-- LIMBER_TOKEN is the therapist's token (limber-load --tablets-out prints it);
-- LIMBER_GZIP=1 asks for gzip answers, as a browser does.
wrk.method = "POST"
wrk.path = "/api/v1/plan-preview"
wrk.body = '{"profile":{"mobility":"M3","conditions":["bone_fragility","stenosis_lumbar","spasticity"]},"minutes":20,"focus":["hips"]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("LIMBER_TOKEN") or "")
if os.getenv("LIMBER_GZIP") == "1" then
  wrk.headers["Accept-Encoding"] = "gzip"
end

