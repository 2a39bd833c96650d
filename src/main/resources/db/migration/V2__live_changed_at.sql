-- when `live` last changed (set by ASMM8 on every flip); it also lets a batch upsert count the
-- flips it made without reading the rows first
ALTER TABLE cptm8hostname ADD COLUMN IF NOT EXISTS livechangedat timestamptz;
