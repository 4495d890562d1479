-- Two statements in one transaction: replace the interval's rows, then insert them again.
DELETE FROM sql_daily_totals WHERE day = @logical_date::date AND region = @region;
INSERT INTO sql_daily_totals (day, region, total, run_id)
SELECT @logical_date::date, @region, count(*) * @multiplier, @run_id
FROM generate_series(1, 3);
