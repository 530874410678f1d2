"""Personal-data records: what each property holds about whom, under which activity."""
