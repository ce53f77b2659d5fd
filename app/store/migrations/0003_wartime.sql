-- Wartime command (issue 4): command periods, command roles, dispatch orders and their recipients, daily reports,
-- analyses, special reports, the risk list. Filled in by the wartime commits that follow.
SELECT 1;
