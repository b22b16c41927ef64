from django.core.exceptions import ValidationError

MIN_LENGTH = 8
MIN_CLASSES = 3


def character_classes(password: str) -> int:
    return sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class ComplexityValidator:
    """等保 2.0: at least 8 characters from at least three of lower case, upper case, digits, symbols."""

    def validate(self, password, user=None):
        if len(password) < MIN_LENGTH or character_classes(password) < MIN_CLASSES:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return f"密码至少 {MIN_LENGTH} 位，且须包含大写字母、小写字母、数字、符号中的至少 {MIN_CLASSES} 类。"
