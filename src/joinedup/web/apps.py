from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "joinedup.web"
    label = "web"
    verbose_name = "Web application"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_started, setting_changed
        from django.db import connections
        from django.db.backends.signals import connection_created

        from joinedup.web import logmask, section_cache, twofactor

        logmask.install()
        user_logged_in.connect(twofactor.flag_unverified, dispatch_uid="joinedup-2fa")
        # The data version of the kept page sections: every connection's writes are
        # watched (those open already, and each new one).
        connection_created.connect(section_cache.install, dispatch_uid="joinedup-sections")
        for opened in connections.all(initialized_only=True):
            section_cache.install(opened)
        request_started.connect(section_cache.reset_thread, dispatch_uid="joinedup-sections")
        setting_changed.connect(section_cache.settings_changed, dispatch_uid="joinedup-sections")
