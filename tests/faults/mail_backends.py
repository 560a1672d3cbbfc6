"""A mail backend for the fault tests: the mail server accepts the message (it lands in
django.core.mail.outbox) and then the worker dies before it could record that."""

from django.core.mail.backends.locmem import EmailBackend


class WorkerDiedAfterSending(Exception):
    pass


class AcceptThenDie(EmailBackend):
    def send_messages(self, messages):
        super().send_messages(messages)
        raise WorkerDiedAfterSending("the worker died right after the mail server accepted it")


class RefuseConnection(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")
