"""The office web app: the widget demo page, the manager dashboard and the NLG endpoint."""
