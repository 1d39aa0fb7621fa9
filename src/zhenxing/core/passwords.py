from django.core.exceptions import ValidationError


class MixedCharactersValidator:
    """Password must mix letters and digits (等保 2.0 asks for complexity)."""

    def validate(self, password, user=None):
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError("密码须同时包含字母和数字。", code="password_not_mixed")

    def get_help_text(self):
        return "密码须同时包含字母和数字。"
