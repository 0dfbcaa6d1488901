// natural runs dotenv at import time; keep it quiet and keep tests independent of a local .env.
process.env.DOTENV_CONFIG_QUIET = 'true';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
