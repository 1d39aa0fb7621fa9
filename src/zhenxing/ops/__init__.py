"""运维: the operator's commands for the audit trail, backup and restore (`zhenxing audit …`, `backup`,
`backup-keys`, `restore`). The mechanisms are in core (audit, audit_checkpoints, audit_archive, backup);
this package only reads arguments and prints Chinese reports."""
