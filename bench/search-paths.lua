-- wrk script for bench/search.sh: each request is the next path of the file named by SEARCH_PATHS
-- (one "/api/search?q=..." per line), so a run spreads over thousands of different queries.
local paths = {}
for line in io.lines(os.getenv("SEARCH_PATHS")) do
  paths[#paths + 1] = line
end
local i = 0
function setup(thread)
  thread:set("start", math.random(#paths))
end
function init(args)
  i = start or 0
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
