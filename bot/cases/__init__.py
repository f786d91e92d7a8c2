"""Cases: what a patient filed, its transcript, its status workflow and its audit trail."""
