// Entry point of the gmm tool; the commands live in Commands/.
return 0;
