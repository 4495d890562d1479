-- Every day from the first to the last order day in warehouse.fact_orders (gaps included), added once.
INSERT INTO mart.dim_date (date_key, date, year, quarter, month, month_name, iso_week, day_of_week, day_name, is_weekend)
SELECT to_char(d, 'YYYYMMDD')::integer,
       d::date,
       extract(year FROM d)::integer,
       extract(quarter FROM d)::integer,
       extract(month FROM d)::integer,
       to_char(d, 'FMMonth'),
       extract(week FROM d)::integer,
       extract(isodow FROM d)::integer,
       to_char(d, 'FMDay'),
       extract(isodow FROM d) >= 6
FROM (SELECT min(order_date) AS first_day, max(order_date) AS last_day FROM warehouse.fact_orders) bounds
CROSS JOIN LATERAL generate_series(bounds.first_day, bounds.last_day, interval '1 day') AS d
ON CONFLICT (date_key) DO NOTHING;
