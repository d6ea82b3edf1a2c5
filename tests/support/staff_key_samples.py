"""Fixed SSH public keys for tests that must draw the same screen every run (snapshots) or need a
key of a given kind without generating one. Generated once with ssh-keygen; the fingerprints are
what `ssh-keygen -lf` printed for them. The private halves were thrown away."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SampleKey:
    line: str  # the .pub file's line
    fingerprint: str


ED25519_A = SampleKey(
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICVacoAwxCmEdZlXS6YVKBO0eC60EBPNQPiZKeS7S93o key-a",
    "SHA256:hptWuC3jf4RgCDQ5ECLkjhOi1WucKLJGp3RFHNoBtzI",
)
ED25519_B = SampleKey(
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0qbcAAKAlRWQmoVMA1UhVqTqe0c4LgQQ5z6NVD5vf/ key-b",
    "SHA256:d4DVqf37RiE6VdUATWN+BdZ55HzRzGa2trmAKvev4L4",
)
ED25519_C = SampleKey(
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJo1Qjbx3P+nvwDEAiiJ3Bh54yWs2zCBFvleOWDytI7Q key-c",
    "SHA256:gB+I/DjgA7YUlOfzTJEXQA7pdFR0b5DupJKWWlVw8t0",
)
RSA_2048 = SampleKey(
    "ssh-rsa "
    "AAAAB3NzaC1yc2EAAAADAQABAAABAQDH7hBEmskZdnYt/c4zZfUBvjTkz0lJ1JRPewdWIar4jlL1HeocUHJmXrA4xG"
    "HxQ7eK8D+9dw1h1cNkZBCcCxVv+PKc1++L22jRycFblGCOyWVsnU9OGRGEfcH1N51jpHdvj0kFB0lDZOjPtkPieq42"
    "JsaklPpYwqZ/SeaLtCFBffQSLiDviyeWB4i54lmWvgLYiLClFiYC5xaHvEWap95yyZS9UQafJ69i4/x/ZXf/wKJX6y"
    "bIhvwkSlvdj509TZcSW0zuQJ1doEhDFUENa4K3a9//CA2wLIBctdRBxUV9ZVPKu0K7FKnvCFcpi3bZzJ1JcULxcKDd"
    "zT1uduDZXbxb"
    " rsa-d",
    "SHA256:S0i8S166QjCTXytP6zaRxg23+Wtf0/R7Kb9axcI5vgs",
)
RSA_1024 = SampleKey(
    "ssh-rsa "
    "AAAAB3NzaC1yc2EAAAADAQABAAAAgQC8i3JHQOOtnv6rtanci2vuRQcwrHMvIqwx3U3udSdWVOf4/YnX5/4m3zYxXa"
    "9vbbDQBtCa7+qPuJ7ZLRrfGX4adS0LiLGPRRuGglfdRIVGQea7xTs+camfOnLov54uJV63o4TIXXK2P3Wy1YrHtlk0"
    "YHtZczbaAAOKDtbiNbqI4Q=="
    " weak",
    "SHA256:N9Cb/c23nwSu8JbcZKOLgX3JbLN3vapt21z+xl7DBTE",
)

# The private key matching nothing above, as someone might paste it by mistake (shortened: only its
# armour matters to the refusal).
PRIVATE_KEY_TEXT = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n-----END OPENSSH PRIVATE KEY-----\n"
