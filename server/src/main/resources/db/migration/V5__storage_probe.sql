-- One row the health call rewrites now and then, to learn whether the database takes writes (a full
-- disk refuses them while reads still work).
CREATE TABLE storage_probe (
    id INT PRIMARY KEY,
    checked_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO storage_probe (id, checked_at) VALUES (1, CURRENT_TIMESTAMP);
