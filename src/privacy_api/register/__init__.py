"""The register of processing (Art. 30): activities, periods, holds, purposes, sub-processors."""
