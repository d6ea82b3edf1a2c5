"""What every service shares and no front end needs to know about: pages of rows, optimistic edit
checks, the collector pause for bulk builds, and what a waiting write tells the person."""
