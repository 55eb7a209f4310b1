# Times R mclust's full model selection (Mclust: 14 models × G = 1..9, BIC) on 100,000 points, for the comparison
# with `gmm select` in docs/benchmarks.md. Writes the data as CSV so that gmm fits exactly the same points.
#
#     Rscript bench/mclust/mclust_select_timing.R OUT.csv [n]
#
# The data: d = 4, four components drawn from an EVE model (equal volume and orientation, varying shapes), seed 17.
suppressPackageStartupMessages(library(mclust))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "select100k.csv"
n <- if (length(args) >= 2) as.integer(args[2]) else 100000L

set.seed(17)
p <- 4; G <- 4
angle <- 0.6
D <- diag(p)
D[1:2, 1:2] <- matrix(c(cos(angle), sin(angle), -sin(angle), cos(angle)), 2)
D[3:4, 3:4] <- matrix(c(cos(-angle), sin(-angle), -sin(angle * -1), cos(angle)), 2)
D <- qr.Q(qr(D))
shapes <- list(c(4, 1, 0.5, 0.5), c(0.5, 4, 1, 0.5), c(1, 0.5, 4, 0.5), c(0.5, 0.5, 1, 4))
means <- rbind(c(0, 0, 0, 0), c(8, 0, 2, -2), c(0, 8, -3, 3), c(6, 6, 6, 6))
pro <- c(0.3, 0.3, 0.2, 0.2)
counts <- as.vector(rmultinom(1, n, pro))
X <- do.call(rbind, lapply(1:G, function(k) {
  sigma <- D %*% diag(shapes[[k]] / prod(shapes[[k]])^(1 / p)) %*% t(D)
  sweep(matrix(rnorm(counts[k] * p), counts[k]) %*% chol(sigma), 2, means[k, ], "+")
}))
X <- round(X[sample.int(n), ], 5)
write.table(X, out, sep = ",", row.names = FALSE, col.names = paste0("x", 1:p))

# Elapsed time, and CPU time (user + system: what it costs when other processes share the cores).
times <- system.time(fit <- Mclust(X, G = 1:9, verbose = FALSE))
cat(sprintf('{"n": %d, "d": %d, "model": "%s", "G": %d, "bic": %.6f, "seconds": %.1f, "cpu_seconds": %.1f, "mclust": "%s", "R": "%s"}\n',
            n, p, fit$modelName, fit$G, fit$bic, times[["elapsed"]], times[["user.self"]] + times[["sys.self"]],
            packageVersion("mclust"), getRversion()))
print(summary(fit$BIC))
