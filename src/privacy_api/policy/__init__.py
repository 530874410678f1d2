"""The published privacy policy: versions, the text rendered from the register, acceptances."""
